using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CnnApi.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestedDevice",
                table: "training_jobs",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "auto");

            // Jobs queued before this migration: the device their request asked for.
            migrationBuilder.Sql("""
                UPDATE training_jobs SET "RequestedDevice" = lower(json_extract("RequestJson", '$.device'))
                WHERE json_valid("RequestJson") AND json_extract("RequestJson", '$.device') IS NOT NULL
                """);

            migrationBuilder.AddColumn<string>(
                name: "Worker",
                table: "training_jobs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "workers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Devices = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_models_JobId",
                table: "models",
                column: "JobId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_workers_HeartbeatAt",
                table: "workers",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "workers");

            migrationBuilder.DropIndex(
                name: "IX_models_JobId",
                table: "models");

            migrationBuilder.DropColumn(
                name: "RequestedDevice",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "Worker",
                table: "training_jobs");
        }
    }
}
