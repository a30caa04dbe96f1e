using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.Migrations
{
    /// <inheritdoc />
    public partial class StaffConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CallbackLeftAt",
                table: "Escalations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallbackPhone",
                table: "Escalations",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Center",
                table: "Escalations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Detail",
                table: "Audit",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KnowledgeDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationReference = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Path = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Original = table.Column<string>(type: "TEXT", nullable: false),
                    Proposed = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DraftedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DraftedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeDrafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CallbackLeftAt",
                table: "Escalations",
                column: "CallbackLeftAt");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeDrafts_Status",
                table: "KnowledgeDrafts",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KnowledgeDrafts");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_CallbackLeftAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "CallbackLeftAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "CallbackPhone",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Center",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "Audit");
        }
    }
}
