using System.Globalization;
using System.Net;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace CitizenHelper.Web.Apis;

/// <summary>The knowledge documents as pages citizens can open from a citation, plus a list of procedures.</summary>
public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kb/{code}/{lang}", (string code, string lang, KnowledgeProvider knowledge, HttpResponse response) => Document(code, lang, knowledge, response)).WithTags("Knowledge");
        app.MapGet("/kb/help/{id}/{lang}", (string id, string lang, KnowledgeProvider knowledge, HttpResponse response) => Document(HelpTopic.KeyPrefix + id, lang, knowledge, response)).WithTags("Knowledge");
        app.MapGet("/api/procedures", List).WithTags("Knowledge");
        return app;
    }

    public sealed record ProcedureListItem(string Code, string Language, string Title, string Field, string Url, DateOnly Verified);

    public static IResult List(KnowledgeProvider knowledge) =>
        TypedResults.Ok(knowledge.Current.Base.Procedures
            .OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Language, StringComparer.Ordinal)
            .Select(p => new ProcedureListItem(p.Code, p.Language, p.Title, p.Field, $"/kb/{p.Code}/{p.Language}", p.Verified)));

    /// <summary>A document as a page: its Markdown body, then legal basis, sources, and dates.</summary>
    public static IResult Document(string key, string lang, KnowledgeProvider knowledge, HttpResponse response)
    {
        // A page of text: it runs no script and is framed by no one, whatever a knowledge file holds.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' https:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        var snapshot = knowledge.Current;
        var document = snapshot.Base.Documents.FirstOrDefault(p => p.Key == key && p.Language == lang);
        if (document is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document in the knowledge base.");
        }
        var path = Path.Combine(knowledge.Root, document.SourcePath);
        var markdown = File.Exists(path) ? File.ReadAllText(path) : "";
        var parsed = Markdown.Parse(markdown, KnowledgeMarkdown.Pipeline);
        if (parsed.FirstOrDefault() is YamlFrontMatterBlock front)
        {
            parsed.Remove(front);
        }
        var body = parsed.ToHtml(KnowledgeMarkdown.Pipeline);
        var en = document.Language == "en";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(document.Language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(document.Title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/kb.css\"></head><body><main>")
            .Append(body)
            .Append("<section class=\"meta\"><h2>").Append(en ? "Legal basis and sources" : "Căn cứ pháp lý và nguồn").Append("</h2><ul>");
        var legalBasis = document is Procedure p ? p.LegalBasis : [];
        foreach (var basis in legalBasis)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(basis)).Append("</li>");
        }
        foreach (var source in document.Sources)
        {
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(source.Url.ToString())).Append("\" rel=\"noopener\">")
                .Append(WebUtility.HtmlEncode(source.Title)).Append("</a></li>");
        }
        html.Append("</ul><p>");
        if (document is Procedure procedure)
        {
            html.Append(en ? "Code" : "Mã thủ tục").Append(": ").Append(procedure.Code)
                .Append(" · ").Append(en ? "Rules effective" : "Hiệu lực").Append(": ").Append(procedure.Effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(" · ");
        }
        html.Append(en ? "Last verified" : "Kiểm tra lần cuối").Append(": ").Append(document.Verified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append("</p></section></main></body></html>");
        return TypedResults.Content(html.ToString(), "text/html", Encoding.UTF8);
    }
}
