using Markdig;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>The one Markdig pipeline every knowledge file is parsed with: immutable, thread-safe, built once.</summary>
public static class KnowledgeMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .DisableHtml()
        .UseGenericAttributes()
        .Build();
}
