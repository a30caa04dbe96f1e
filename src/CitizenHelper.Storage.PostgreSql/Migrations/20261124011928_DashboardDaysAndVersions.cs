using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.PostgreSql.Migrations
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
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "CreatedOn",
                table: "Escalations",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "SecondsToReply",
                table: "Escalations",
                type: "integer",
                nullable: true);

            // Rows written before: their day (UTC) and time to reply, from the stored instants.
            migrationBuilder.Sql("""UPDATE "Outcomes" SET "Day" = ("At" AT TIME ZONE 'UTC')::date;""");
            migrationBuilder.Sql("""
                UPDATE "Escalations" SET "CreatedOn" = ("CreatedAt" AT TIME ZONE 'UTC')::date,
                "SecondsToReply" = CASE WHEN "AnsweredAt" IS NULL THEN NULL ELSE floor(extract(epoch FROM "AnsweredAt" - "CreatedAt"))::integer END;
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
