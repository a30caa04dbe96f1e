namespace CitizenHelper.Knowledge;

// Over 300 lines on purpose: the writer and the reader sit side by side, so that every field is written and read back in the same order.
/// <summary>
/// A loaded knowledge base written as plain binary and read back as it was parsed: the same documents, sections,
/// catalog, units, examples and problems in the same order. A start with unchanged knowledge reads this instead of
/// parsing hundreds of Markdown files and the national lists again. Only the load time is taken anew on reading.
/// Keeping and validating the file (key, checksum) is the caller's job.
/// <para>
/// Each distinct string is stored once, in a table before the data, and read back as one shared instance: the
/// provinces' versions of a procedure repeat its items, the catalog its target types and sources, the former units
/// their district and province (23.5 MB of strings in memory otherwise, 9 MB distinct). Likewise one <see cref="Uri"/>
/// per distinct address and one instance for every empty list and sections table.
/// </para>
/// </summary>
public static class KnowledgeBaseFormat
{
    private static readonly IReadOnlyDictionary<string, ProcedureSection> NoSections = new Dictionary<string, ProcedureSection>(StringComparer.Ordinal).AsReadOnly();

    private enum Kind : byte
    {
        Procedure = 1,
        HelpTopic = 2,
        Catalog = 3,
    }

    public static void Write(BinaryWriter writer, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(knowledge);
        var strings = new StringTable();
        var body = new MemoryStream();
        using (var w = new TableWriter(body, strings))
        {
            WriteBody(w, knowledge);
        }
        writer.Write(strings.All.Count);
        foreach (var text in strings.All)
        {
            writer.Write(text);
        }
        writer.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    private static void WriteBody(BinaryWriter writer, KnowledgeBase knowledge)
    {
        // Catalog entries that a document of ours replaced are dropped by KnowledgeBase itself; the rest are written
        // apart from the documents, as the constructor takes them.
        WriteList(writer, knowledge.Documents, WriteDocument);
        WriteList(writer, knowledge.Problems, (w, p) =>
        {
            w.Write(p.File);
            w.Write(p.Line);
            w.Write(p.Message);
            w.Write(p.InSource);
        });
        WriteList(writer, knowledge.Glossaries, (w, g) =>
        {
            w.Write(g.Language);
            w.Write(g.SourcePath);
            WriteList(w, g.Terms, (w, t) =>
            {
                w.Write(t.Id);
                w.Write(t.Term);
                w.Write(t.Explanation);
                w.Write(t.Line);
            });
        });
        WriteList(writer, knowledge.Units, WriteUnit);
        WriteList(writer, knowledge.Catalog, WriteDocument);
        WriteList(writer, knowledge.Examples, (w, e) =>
        {
            w.Write(e.Text);
            w.Write(e.Expected);
            w.Write(e.SourcePath);
            w.Write(e.Line);
        });
        WriteStrings(writer, knowledge.ListedProvinces);
        WriteList(writer, knowledge.FormerUnits, (w, f) =>
        {
            w.Write(f.Name);
            w.Write(f.District);
            w.Write(f.Province);
            WriteNullable(w, f.Code);
            WriteStrings(w, f.NewCodes);
            w.Write(f.SourcePath);
            w.Write(f.Line);
        });
    }

    /// <summary>The knowledge base <see cref="Write"/> wrote, loaded at <paramref name="loadedAt"/>.</summary>
    /// <exception cref="InvalidDataException">The data is not what <see cref="Write"/> writes.</exception>
    public static KnowledgeBase Read(BinaryReader reader, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            var table = new string[Count(reader)];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = reader.ReadString();
            }
            using var body = new TableReader(reader.BaseStream, table);
            return ReadBody(body, loadedAt);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or UriFormatException or FormatException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("Not a knowledge base snapshot of this format.", e);
        }
    }

    private static KnowledgeBase ReadBody(BinaryReader reader, DateTimeOffset loadedAt)
    {
        var documents = ReadList(reader, ReadDocument);
        var problems = ReadList(reader, r => new KnowledgeProblem(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadBoolean()));
        var glossaries = ReadList(reader, r =>
        {
            var language = r.ReadString();
            var source = r.ReadString();
            return new Glossary(language, ReadList(r, r => new GlossaryTerm(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32())), source);
        });
        var units = ReadList(reader, ReadUnit);
        var catalog = ReadList(reader, r => ReadDocument(r) as CatalogProcedure ?? throw new InvalidDataException("a catalog entry expected"));
        var examples = ReadList(reader, r => new ExampleQuestion(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32()));
        var provinces = ReadStrings(reader);
        var formers = ReadList(reader, r => new FormerUnit(r.ReadString(), r.ReadString(), r.ReadString(), ReadNullable(r), ReadStrings(r), r.ReadString(), r.ReadInt32()));
        return new KnowledgeBase(documents, problems, loadedAt, glossaries, units, catalog, examples, provinces, formers);
    }

    private static void WriteDocument(BinaryWriter w, KnowledgeDocument document)
    {
        w.Write((byte)(document switch
        {
            Procedure => Kind.Procedure,
            HelpTopic => Kind.HelpTopic,
            CatalogProcedure => Kind.Catalog,
            _ => throw new ArgumentException($"Unknown document type {document.GetType().Name}", nameof(document)),
        }));
        w.Write(document.Language);
        w.Write(document.Title);
        WriteStrings(w, document.Aliases);
        w.Write(document.Summary);
        WriteList(w, document.Sections.Values.ToList(), (w, s) =>
        {
            w.Write(s.Id);
            w.Write(s.Heading);
            WriteStrings(w, s.Items);
            WriteStrings(w, s.Paragraphs);
            w.Write(s.Line);
        });
        WriteDate(w, document.Verified);
        WriteList(w, document.Sources, (w, s) =>
        {
            w.Write(s.Title);
            WriteUri(w, s.Url);
        });
        WriteList(w, document.Links, (w, l) =>
        {
            w.Write(l.Target);
            w.Write(l.Line);
        });
        w.Write(document.SourcePath);
        switch (document)
        {
            case Procedure p:
                w.Write(p.Code);
                w.Write(p.Field);
                w.Write(p.Authority);
                w.Write((int)p.Online);
                WriteNullableUri(w, p.PortalUrl);
                WriteStrings(w, p.LegalBasis);
                WriteDate(w, p.Effective);
                WriteNullable(w, p.Province);
                WriteNullableDate(w, p.RecordUpdated);
                break;
            case HelpTopic h:
                w.Write(h.Id);
                break;
            case CatalogProcedure c:
                w.Write(c.Code);
                WriteStrings(w, c.Categories);
                WriteStrings(w, c.Departments);
                WriteNullable(w, c.Publisher);
                WriteUri(w, c.PortalUrl);
                WriteNullable(w, c.Province);
                WriteStrings(w, c.TargetTypes);
                w.Write(c.Record is not null);
                if (c.Record is { } record)
                {
                    w.Write((int)record.Level);
                    WriteStrings(w, record.Agencies);
                    w.Write(record.Online);
                    w.Write(record.FullyOnline);
                    w.Write(record.CommuneCenterReceives);
                    WriteNullableDate(w, record.Updated);
                }
                break;
        }
    }

    private static KnowledgeDocument ReadDocument(BinaryReader r)
    {
        var kind = (Kind)r.ReadByte();
        var language = r.ReadString();
        var title = r.ReadString();
        var aliases = ReadStrings(r);
        var summary = r.ReadString();
        var sectionList = ReadList(r, r => new ProcedureSection(r.ReadString(), r.ReadString(), ReadStrings(r), ReadStrings(r), r.ReadInt32()));
        var sections = NoSections;
        if (sectionList.Length > 0)
        {
            var filled = new Dictionary<string, ProcedureSection>(sectionList.Length, StringComparer.Ordinal);
            foreach (var section in sectionList)
            {
                filled.Add(section.Id, section);
            }
            sections = filled;
        }
        var verified = ReadDate(r);
        var sources = ReadList(r, r => new SourceReference(r.ReadString(), ReadUri(r)));
        var links = ReadList(r, r => new DocumentLink(r.ReadString(), r.ReadInt32()));
        var sourcePath = r.ReadString();
        return kind switch
        {
            Kind.Procedure => new Procedure
            {
                Language = language, Title = title, Aliases = aliases, Summary = summary, Sections = sections, Verified = verified,
                Sources = sources, Links = links, SourcePath = sourcePath,
                Code = r.ReadString(),
                Field = r.ReadString(),
                Authority = r.ReadString(),
                Online = (OnlineAvailability)r.ReadInt32(),
                PortalUrl = ReadNullableUri(r),
                LegalBasis = ReadStrings(r),
                Effective = ReadDate(r),
                Province = ReadNullable(r),
                RecordUpdated = ReadNullableDate(r),
            },
            Kind.HelpTopic => new HelpTopic
            {
                Language = language, Title = title, Aliases = aliases, Summary = summary, Sections = sections, Verified = verified,
                Sources = sources, Links = links, SourcePath = sourcePath,
                Id = r.ReadString(),
            },
            Kind.Catalog => new CatalogProcedure
            {
                Language = language, Title = title, Aliases = aliases, Summary = summary, Sections = sections, Verified = verified,
                Sources = sources, Links = links, SourcePath = sourcePath,
                Code = r.ReadString(),
                Categories = ReadStrings(r),
                Departments = ReadStrings(r),
                Publisher = ReadNullable(r),
                PortalUrl = ReadUri(r),
                Province = ReadNullable(r),
                TargetTypes = ReadStrings(r),
                Record = r.ReadBoolean()
                    ? new CatalogRecordFacts
                    {
                        Level = (HandlingLevel)r.ReadInt32(),
                        Agencies = ReadStrings(r),
                        Online = r.ReadBoolean(),
                        FullyOnline = r.ReadBoolean(),
                        CommuneCenterReceives = r.ReadBoolean(),
                        Updated = ReadNullableDate(r),
                    }
                    : null,
            },
            _ => throw new InvalidDataException($"Unknown document kind {kind}"),
        };
    }

    private static void WriteUnit(BinaryWriter w, AdministrativeUnit u)
    {
        WriteNullable(w, u.Code);
        w.Write(u.Name);
        w.Write(u.Province);
        WriteNullable(w, u.CenterName);
        WriteNullable(w, u.Address);
        w.Write(u.AddressIsSeat);
        WriteNullable(w, u.Hours);
        WriteNullable(w, u.Phone);
        WriteStrings(w, u.MergedFrom);
        WriteNullableUri(w, u.Source);
        w.Write(u.Sample);
        w.Write(u.SourcePath);
        w.Write(u.Line);
        w.Write(u.ListLine);
    }

    private static AdministrativeUnit ReadUnit(BinaryReader r) => new()
    {
        Code = ReadNullable(r),
        Name = r.ReadString(),
        Province = r.ReadString(),
        CenterName = ReadNullable(r),
        Address = ReadNullable(r),
        AddressIsSeat = r.ReadBoolean(),
        Hours = ReadNullable(r),
        Phone = ReadNullable(r),
        MergedFrom = ReadStrings(r),
        Source = ReadNullableUri(r),
        Sample = r.ReadBoolean(),
        SourcePath = r.ReadString(),
        Line = r.ReadInt32(),
        ListLine = r.ReadInt32(),
    };

    private static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static T[] ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var count = Count(r);
        if (count == 0)
        {
            return [];
        }
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(r);
        }
        return items;
    }

    private static int Count(BinaryReader r)
    {
        var count = r.ReadInt32();
        // A count larger than what is left of the data is a corrupt file, not a reason to allocate.
        return count >= 0 && count <= r.BaseStream.Length - r.BaseStream.Position
            ? count
            : throw new InvalidDataException("a list longer than the data");
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> items) => WriteList(w, items, (w, s) => w.Write(s));

    private static string[] ReadStrings(BinaryReader r) => ReadList(r, r => r.ReadString());

    private static void WriteNullable(BinaryWriter w, string? text)
    {
        w.Write(text is not null);
        if (text is not null)
        {
            w.Write(text);
        }
    }

    private static string? ReadNullable(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteUri(BinaryWriter w, Uri uri) => w.Write(uri.OriginalString);

    private static Uri ReadUri(BinaryReader r) => ((TableReader)r).UriOf(r.ReadString());

    private static void WriteNullableUri(BinaryWriter w, Uri? uri) => WriteNullable(w, uri?.OriginalString);

    private static Uri? ReadNullableUri(BinaryReader r) => ReadNullable(r) is { } text ? ((TableReader)r).UriOf(text) : null;

    private static void WriteDate(BinaryWriter w, DateOnly date) => w.Write(date.DayNumber);

    private static DateOnly ReadDate(BinaryReader r) => DateOnly.FromDayNumber(r.ReadInt32());

    private static void WriteNullableDate(BinaryWriter w, DateOnly? date)
    {
        w.Write(date.HasValue);
        if (date is { } value)
        {
            WriteDate(w, value);
        }
    }

    private static DateOnly? ReadNullableDate(BinaryReader r) => r.ReadBoolean() ? ReadDate(r) : null;

    /// <summary>Each distinct string once, numbered in order of first use.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<string> All { get; } = [];

        public int Id(string text)
        {
            if (!_ids.TryGetValue(text, out var id))
            {
                _ids[text] = id = All.Count;
                All.Add(text);
            }
            return id;
        }
    }

    /// <summary>Writes a string as its number in the table; everything else as <see cref="BinaryWriter"/> does.</summary>
    private sealed class TableWriter(Stream body, StringTable strings) : BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)
    {
        public override void Write(string value) => Write(strings.Id(value));
    }

    /// <summary>Reads a string as its number in the table, so each is one shared instance; likewise each address one <see cref="System.Uri"/>.</summary>
    private sealed class TableReader(Stream data, string[] strings) : BinaryReader(data, System.Text.Encoding.UTF8, leaveOpen: true)
    {
        private readonly Dictionary<string, Uri> _uris = new(StringComparer.Ordinal);

        public override string ReadString() => strings[ReadInt32()];

        public Uri UriOf(string text)
        {
            if (!_uris.TryGetValue(text, out var uri))
            {
                _uris[text] = uri = new Uri(text, UriKind.RelativeOrAbsolute);
            }
            return uri;
        }
    }
}
