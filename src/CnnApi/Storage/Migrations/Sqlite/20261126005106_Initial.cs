using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CnnApi.Storage.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TestAccuracy = table.Column<double>(type: "REAL", nullable: false),
                    TestLoss = table.Column<double>(type: "REAL", nullable: false),
                    Params = table.Column<long>(type: "INTEGER", nullable: false),
                    WeightsSha256 = table.Column<string>(type: "TEXT", nullable: false),
                    WeightsBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    ArchitectureJson = table.Column<string>(type: "TEXT", nullable: false),
                    HistoryJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Device = table.Column<string>(type: "TEXT", nullable: true),
                    ProgressEpoch = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgressEpochs = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgressBatch = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgressBatchesPerEpoch = table.Column<int>(type: "INTEGER", nullable: false),
                    HistoryJson = table.Column<string>(type: "TEXT", nullable: false),
                    TestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    TestLoss = table.Column<double>(type: "REAL", nullable: true),
                    ModelId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_jobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_models_CreatedAt",
                table: "models",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_training_jobs_Status_CreatedAt",
                table: "training_jobs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "training_jobs");
        }
    }
}
