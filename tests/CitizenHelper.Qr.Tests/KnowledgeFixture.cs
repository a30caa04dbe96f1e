using CitizenHelper.Knowledge;

namespace CitizenHelper.Qr.Tests;

/// <summary>The bundled knowledge base with the portal catalog, plus two centers with unit codes (test data).</summary>
public sealed class KnowledgeFixture
{
    public KnowledgeFixture()
    {
        var loaded = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System, RepositoryPaths.Catalog());
        Units =
        [
            new AdministrativeUnit
            {
                Code = "99901", Name = "Xã Thử Nghiệm", Province = "Tỉnh Mẫu", CenterName = "Trung tâm Phục vụ hành chính công xã Thử Nghiệm",
                Address = "1 Đường Mẫu, xã Thử Nghiệm", Hours = "Thứ Hai–Thứ Sáu 7:30–17:00", Sample = true, SourcePath = "centers/test.csv", Line = 2,
            },
            new AdministrativeUnit { Code = "99902", Name = "Phường Chưa Rõ", Province = "Tỉnh Mẫu", SourcePath = "centers/test.csv", Line = 3 },
        ];
        Base = new KnowledgeBase(loaded.Documents, loaded.Problems, loaded.LoadedAt, loaded.Glossaries, Units, [.. loaded.Catalog]);
    }

    public KnowledgeBase Base { get; }
    public IReadOnlyList<AdministrativeUnit> Units { get; }
}
