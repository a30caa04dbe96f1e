using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CitizenHelper.Storage.Migrations
{
    /// <inheritdoc />
    public partial class UploadBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Size",
                table: "Attachments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Uploader",
                table: "Attachments",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_Uploader_CreatedAt",
                table: "Attachments",
                columns: new[] { "Uploader", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attachments_Uploader_CreatedAt",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "Size",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "Uploader",
                table: "Attachments");
        }
    }
}
