using System.Net;
using System.Text;
using CitizenHelper.Answering;
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
        app.MapGet("/kb/{code}/{lang}", Document).WithTags("Knowledge");
        app.MapGet("/api/procedures", List).WithTags("Knowledge");
        return app;
    }

    public sealed record ProcedureListItem(string Code, string Language, string Title, string Field, string Url, DateOnly Verified);

    public static IResult List(KnowledgeProvider knowledge) =>
        TypedResults.Ok(knowledge.Current.Base.Procedures
            .OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Language, StringComparer.Ordinal)
            .Select(p => new ProcedureListItem(p.Code, p.Language, p.Title, p.Field, $"/kb/{p.Code}/{p.Language}", p.Verified)));

    public static IResult Document(string code, string lang, KnowledgeProvider knowledge)
    {
        var snapshot = knowledge.Current;
        var procedure = snapshot.Base.Procedures.FirstOrDefault(p => p.Code == code && p.Language == lang);
        if (procedure is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such procedure in the knowledge base.");
        }
        var path = Path.Combine(knowledge.Root, procedure.SourcePath);
        var markdown = File.Exists(path) ? File.ReadAllText(path) : "";
        var document = Markdown.Parse(markdown, KnowledgeMarkdown.Pipeline);
        if (document.FirstOrDefault() is YamlFrontMatterBlock front)
        {
            document.Remove(front);
        }
        var body = document.ToHtml(KnowledgeMarkdown.Pipeline);
        var en = procedure.Language == "en";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(procedure.Language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(procedure.Title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/kb.css\"></head><body><main>")
            .Append(body)
            .Append("<section class=\"meta\"><h2>").Append(en ? "Legal basis and sources" : "Căn cứ pháp lý và nguồn").Append("</h2><ul>");
        foreach (var basis in procedure.LegalBasis)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(basis)).Append("</li>");
        }
        foreach (var source in procedure.Sources)
        {
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(source.Url.ToString())).Append("\" rel=\"noopener\">")
                .Append(WebUtility.HtmlEncode(source.Title)).Append("</a></li>");
        }
        html.Append("</ul><p>").Append(en ? "Code" : "Mã thủ tục").Append(": ").Append(procedure.Code)
            .Append(" · ").Append(en ? "Rules effective" : "Hiệu lực").Append(": ").Append(procedure.Effective.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" · ").Append(en ? "Last verified" : "Kiểm tra lần cuối").Append(": ").Append(procedure.Verified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append("</p></section></main></body></html>");
        return TypedResults.Content(html.ToString(), "text/html", Encoding.UTF8);
    }
}
