namespace CitizenHelper.Answering.Composition;

/// <summary>The bot's words when it declines wrongdoing, in Vietnamese and English. No fact (fee, time, paper) is said here.</summary>
public sealed class DeclineTexts
{
    /// <summary>Said plainly first: the bot will not help with it.</summary>
    public required string Refused { get; init; }

    /// <summary>The lawful procedure named: {0} its title.</summary>
    public required string LawfulWay { get; init; }

    /// <summary>When no procedure matches the request: only the lawful route in general.</summary>
    public required string NoLawfulMatch { get; init; }

    public static DeclineTexts For(string language) => language == "en" ? English : Vietnamese;

    public static DeclineTexts Vietnamese { get; } = new()
    {
        Refused = "Xin lỗi, tôi không thể giúp việc này. Làm giả giấy tờ, khai không đúng sự thật, dùng giấy tờ của người khác hay đưa tiền cho cán bộ để được làm nhanh đều vi phạm pháp luật. Hồ sơ nộp đúng quy định được giải quyết theo thời hạn của thủ tục, chỉ nộp lệ phí theo quy định, có biên nhận.",
        LawfulWay = "Cách làm đúng quy định là thủ tục **{0}** [1]. Bấm nút bên dưới để xem giấy tờ cần nộp, lệ phí và nơi nộp.",
        NoLawfulMatch = "Nếu bạn cần giấy tờ thật, hãy hỏi tôi tên thủ tục (ví dụ \"đăng ký khai sinh\"), hoặc hỏi trực tiếp cán bộ tại Trung tâm.",
    };

    public static DeclineTexts English { get; } = new()
    {
        Refused = "Sorry, I cannot help with that. Forging papers, making false statements, using someone else's papers or paying an official to go faster are against the law. A dossier filed as the rules say is handled within the procedure's time limit, and only the official fee is paid, against a receipt.",
        LawfulWay = "The lawful way is the procedure **{0}** [1]. Tap the button below to see the documents, fee and where to apply.",
        NoLawfulMatch = "If you need a genuine paper, ask me for the procedure by name (for example \"birth registration\"), or ask the staff at the center.",
    };
}
