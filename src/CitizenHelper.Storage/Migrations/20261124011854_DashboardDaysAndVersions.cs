using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DashboardDaysAndVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "Day",
                table: "Outcomes",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "CreatedOn",
                table: "Escalations",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "SecondsToReply",
                table: "Escalations",
                type: "INTEGER",
                nullable: true);

            // Rows written before: their day (UTC) and time to reply, from the stored instants. SQLite keeps a
            // DateTimeOffset as (clock ticks / 1000) << 11 | offset minutes (11 bits, signed).
            migrationBuilder.Sql($"""UPDATE "Outcomes" SET "Day" = {Day("At")};""");
            migrationBuilder.Sql($"""
                UPDATE "Escalations" SET "CreatedOn" = {Day("CreatedAt")},
                "SecondsToReply" = CASE WHEN "AnsweredAt" IS NULL THEN NULL ELSE ({UtcTicksOver1000("AnsweredAt")} - {UtcTicksOver1000("CreatedAt")}) / 10000 END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Outcomes_Day_Outcome",
                table: "Outcomes",
                columns: new[] { "Day", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CreatedOn_Center",
                table: "Escalations",
                columns: new[] { "CreatedOn", "Center" });
        }

        private static string UtcTicksOver1000(string column) =>
            $"""(("{column}" >> 11) - (CASE WHEN ("{column}" & 1024) != 0 THEN ("{column}" & 2047) - 2048 ELSE ("{column}" & 2047) END) * 600000)""";

        private static string Day(string column) =>
            $"""date(({UtcTicksOver1000(column)} / 864000000 - 719162) * 86400, 'unixepoch')""";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outcomes_Day_Outcome",
                table: "Outcomes");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_CreatedOn_Center",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Day",
                table: "Outcomes");

            migrationBuilder.DropColumn(
                name: "CreatedOn",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "SecondsToReply",
                table: "Escalations");
        }
    }
}
