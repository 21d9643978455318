using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CnnApi.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Callbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StopReason",
                table: "training_jobs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParentModelId",
                table: "models",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StopReason",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "ParentModelId",
                table: "models");
        }
    }
}
