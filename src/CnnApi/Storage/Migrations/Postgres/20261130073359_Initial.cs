using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CnnApi.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JobId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TestAccuracy = table.Column<double>(type: "double precision", nullable: false),
                    TestLoss = table.Column<double>(type: "double precision", nullable: false),
                    Params = table.Column<long>(type: "bigint", nullable: false),
                    WeightsSha256 = table.Column<string>(type: "text", nullable: false),
                    WeightsBytes = table.Column<long>(type: "bigint", nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    ArchitectureJson = table.Column<string>(type: "text", nullable: false),
                    HistoryJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RequestedDevice = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "auto"),
                    Device = table.Column<string>(type: "text", nullable: true),
                    ProgressEpoch = table.Column<int>(type: "integer", nullable: false),
                    ProgressEpochs = table.Column<int>(type: "integer", nullable: false),
                    ProgressBatch = table.Column<int>(type: "integer", nullable: false),
                    ProgressBatchesPerEpoch = table.Column<int>(type: "integer", nullable: false),
                    HistoryJson = table.Column<string>(type: "text", nullable: false),
                    TestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    TestLoss = table.Column<double>(type: "double precision", nullable: true),
                    ModelId = table.Column<Guid>(type: "uuid", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "workers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Host = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Devices = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_models_CreatedAt",
                table: "models",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_models_JobId",
                table: "models",
                column: "JobId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_jobs_Status_CreatedAt",
                table: "training_jobs",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_workers_HeartbeatAt",
                table: "workers",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "training_jobs");

            migrationBuilder.DropTable(
                name: "workers");
        }
    }
}
