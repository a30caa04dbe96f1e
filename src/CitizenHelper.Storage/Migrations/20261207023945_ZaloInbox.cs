using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.Migrations
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
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
                    EventId = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
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
