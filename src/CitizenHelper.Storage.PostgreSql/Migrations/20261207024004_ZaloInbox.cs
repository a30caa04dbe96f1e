using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CitizenHelper.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ZaloInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ZaloSeenEvents");

            migrationBuilder.CreateTable(
                name: "ZaloInbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HandledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZaloInbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ZaloInbox_EventId",
                table: "ZaloInbox",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZaloInbox_HandledAt",
                table: "ZaloInbox",
                column: "HandledAt");

            migrationBuilder.CreateIndex(
                name: "IX_ZaloInbox_ReceivedAt",
                table: "ZaloInbox",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ZaloInbox");

            migrationBuilder.CreateTable(
                name: "ZaloSeenEvents",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZaloSeenEvents", x => x.EventId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ZaloSeenEvents_SeenAt",
                table: "ZaloSeenEvents",
                column: "SeenAt");
        }
    }
}
