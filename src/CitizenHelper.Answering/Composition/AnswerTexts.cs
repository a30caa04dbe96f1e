using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Composition;

/// <summary>The bot's own words, in Vietnamese and English. Facts never come from here, only from the knowledge base.</summary>
public sealed class AnswerTexts
{
    public required string Greeting { get; init; }
    public required string Thanks { get; init; }
    public required string ClarifyQuestion { get; init; }
    public required string EscalatedNoMatch { get; init; }
    public required string EscalatedPerson { get; init; }

    /// <summary>Escalated outside the center's working hours: {0} the time staff are back (HH:mm), {1} the day (dd/MM/yyyy).</summary>
    public required string EscalatedClosed { get; init; }
    public required string ReferenceLine { get; init; }
    public required string SourceLine { get; init; }
    public required string AskStaffButton { get; init; }
    public required string EmptyQuestion { get; init; }
    public required string TooLong { get; init; }
    public required string OutOfScope { get; init; }
    public required string Refused { get; init; }
    public required string PrivacyNote { get; init; }
    public required string FileReceived { get; init; }
    public required string RateHelpful { get; init; }
    public required string RateNotHelpful { get; init; }
    public required string ThanksForRating { get; init; }
    public required string NotHelpfulEscalated { get; init; }

    /// <summary>Notes on an answer for a language the knowledge base lacks: {0} the wanted language, {1} the original's.</summary>
    public required string MachineTranslated { get; init; }
    public required string LanguageUnavailable { get; init; }
    public required string TranslationFailed { get; init; }

    /// <summary>The button that shows the original of a machine-translated answer: {0} the original's language.</summary>
    public required string ShowOriginal { get; init; }

    /// <summary>The words of a catalog card: a procedure known only from the national catalog.</summary>
    public required CatalogCardTexts CatalogCard { get; init; }

    /// <summary>Asked when the procedure differs by province and the citizen's is not known: buttons name the provinces.</summary>
    public required string WhichProvince { get; init; }
    public required IReadOnlyDictionary<string, string> FacetButtons { get; init; }
    public required IReadOnlyList<string> ExampleQuestions { get; init; }

    public static AnswerTexts For(string language) => language == "en" ? English : Vietnamese;

    public static AnswerTexts Vietnamese { get; } = new()
    {
        Greeting = "Xin chào! Tôi là trợ lý của Trung tâm Phục vụ hành chính công. Bạn có thể hỏi tôi về giấy tờ cần nộp, lệ phí, thời hạn và nơi nộp hồ sơ của các thủ tục ở xã, phường.",
        Thanks = "Không có gì! Bạn cần hỏi thêm thủ tục nào cứ nhắn cho tôi.",
        ClarifyQuestion = "Bạn muốn hỏi về thủ tục nào?",
        EscalatedNoMatch = "Xin lỗi, tôi chưa tìm được câu trả lời chắc chắn cho câu hỏi này. Tôi đã chuyển câu hỏi cho cán bộ của Trung tâm; cán bộ sẽ trả lời bạn ngay trong cuộc trò chuyện này.",
        EscalatedPerson = "Tôi đã chuyển yêu cầu của bạn cho cán bộ của Trung tâm. Cán bộ sẽ trả lời bạn ngay trong cuộc trò chuyện này.",
        EscalatedClosed = "Tôi đã chuyển câu hỏi của bạn cho cán bộ của Trung tâm. Bây giờ là ngoài giờ làm việc; cán bộ sẽ trả lời bạn trong cuộc trò chuyện này khi làm việc trở lại, từ {0} ngày {1}.",
        ReferenceLine = "Mã tra cứu của bạn: **{0}**.",
        SourceLine = "Nguồn [1]: {0}, cập nhật {1:dd/MM/yyyy}.",
        AskStaffButton = "Gặp cán bộ",
        EmptyQuestion = "Bạn muốn hỏi về thủ tục nào? Bạn có thể gõ tên thủ tục, ví dụ \"đăng ký khai sinh\".",
        TooLong = "Câu hỏi hơi dài. Bạn vui lòng hỏi ngắn gọn trong một hai câu, ví dụ \"đăng ký kết hôn cần giấy tờ gì\".",
        OutOfScope = "Xin lỗi, tôi chỉ hướng dẫn về thủ tục hành chính ở xã, phường (giấy tờ, lệ phí, thời hạn, nơi nộp). Câu hỏi này tôi không trả lời được.",
        Refused = "Xin lỗi, tôi không thể làm việc này. Tôi chỉ hướng dẫn thủ tục hành chính và không cung cấp thông tin của người khác.",
        RateHelpful = "👍 Hữu ích",
        RateNotHelpful = "👎 Chưa hữu ích",
        ThanksForRating = "Cảm ơn bạn đã cho biết!",
        NotHelpfulEscalated = "Xin lỗi vì câu trả lời chưa giúp được bạn. Tôi đã chuyển cuộc trò chuyện cho cán bộ của Trung tâm; cán bộ sẽ trả lời bạn ngay trong cuộc trò chuyện này.",
        MachineTranslated = "Bản dịch máy sang {0} từ tài liệu {1}; nếu có chỗ khác nhau, bản gốc là căn cứ",
        LanguageUnavailable = "Xin lỗi, hiện chưa có câu trả lời bằng {0}; dưới đây là câu trả lời bằng {1}",
        TranslationFailed = "Bản dịch máy sang {0} không khớp với tài liệu nên không được gửi; dưới đây là câu trả lời bằng {1}",
        ShowOriginal = "Xem bản gốc ({0})",
        FileReceived = "Tôi đã nhận được tệp của bạn. Tôi chỉ đọc được mã QR trong ảnh chụp, chưa đọc được nội dung tệp; bạn vui lòng gõ câu hỏi, hoặc nhắn \"gặp cán bộ\" để cán bộ xem giúp.",
        PrivacyNote = "Lưu ý: bạn không cần gửi số căn cước hay số điện thoại ở đây. Tin nhắn đã được ẩn các số này khi lưu cho cán bộ.",
        CatalogCard = new CatalogCardTexts
        {
            HandledBy = "Cơ quan giải quyết",
            Field = "Lĩnh vực",
            PublishedBy = "Cơ quan công bố",
            Province = "Áp dụng tại: {0} (thủ tục riêng của tỉnh, thành phố này)",
            SubmitOnline = "Cách nộp: trực tuyến trên Cổng Dịch vụ công quốc gia{0} [1]: {1} — hoặc trực tiếp tại cơ quan giải quyết.",
            FullyOnline = " (toàn trình)",
            Submit = "Cách nộp: xem hướng dẫn và nộp hồ sơ trên Cổng Dịch vụ công quốc gia [1]: {0} — hoặc tại cơ quan giải quyết.",
            CommuneCenter = "Bạn có thể nộp hồ sơ tại Trung tâm Phục vụ hành chính công của xã, phường nơi bạn ở.",
            RecordLevel = "Theo hồ sơ thủ tục trên Cổng [1]: thực hiện ở {0}; cơ quan thực hiện: {1}.",
            Commune = "cấp xã",
            ProvinceLevel = "cấp tỉnh",
            Ministry = "cấp trung ương (bộ, ngành)",
            NotStated = "không ghi",
            NoDetails = "Trung tâm chưa có hướng dẫn chi tiết cho thủ tục này, nên tôi không trả lời về giấy tờ, lệ phí hay thời hạn. Bạn xem đầy đủ trên Cổng Dịch vụ công quốc gia [1], hoặc nhắn \"gặp cán bộ\".",
            CatalogSource = "Nguồn [1]: danh mục thủ tục hành chính của Cổng Dịch vụ công quốc gia (thu thập ngày {0:dd/MM/yyyy}).",
            RecordSource = "Nguồn [1]: hồ sơ thủ tục {0} trên Cổng Dịch vụ công quốc gia, cập nhật {1:dd/MM/yyyy} (thu thập ngày {2:dd/MM/yyyy}).",
        },
        WhichProvince = "Thủ tục **{0}** mỗi tỉnh, thành phố công bố một bản riêng. Bạn ở tỉnh, thành phố nào?",
        FacetButtons = new Dictionary<string, string>
        {
            [SectionIds.Documents] = "Giấy tờ cần nộp",
            [SectionIds.Fee] = "Lệ phí",
            [SectionIds.Time] = "Thời hạn",
            [SectionIds.Where] = "Nộp ở đâu",
            [SectionIds.Steps] = "Các bước",
        },
        ExampleQuestions = ["Đăng ký khai sinh cần giấy tờ gì?", "Lệ phí chứng thực bản sao?", "Đăng ký kết hôn ở đâu?"],
    };

    public static AnswerTexts English { get; } = new()
    {
        Greeting = "Hello! I am the assistant of the Public Administration Service Center. Ask me about the documents, fees, processing times and where to apply for commune-level procedures.",
        Thanks = "You're welcome! Ask me any time about another procedure.",
        ClarifyQuestion = "Which procedure do you mean?",
        EscalatedNoMatch = "Sorry, I could not find a reliable answer to this question. I have passed it to the center's staff; they will reply to you in this conversation.",
        EscalatedPerson = "I have passed your request to the center's staff. They will reply to you in this conversation.",
        EscalatedClosed = "I have passed your question to the center's staff. It is outside working hours now; staff will reply to you in this conversation when they are back, from {0} on {1}.",
        ReferenceLine = "Your reference code: **{0}**.",
        SourceLine = "Source [1]: {0}, updated {1:yyyy-MM-dd}.",
        AskStaffButton = "Talk to staff",
        EmptyQuestion = "Which procedure would you like to ask about? You can type its name, for example \"birth registration\".",
        TooLong = "That question is quite long. Please ask in one or two sentences, for example \"what documents do I need to register a marriage\".",
        OutOfScope = "Sorry, I only help with commune-level administrative procedures (documents, fees, processing times, where to apply). I cannot answer this question.",
        Refused = "Sorry, I cannot do that. I only explain administrative procedures and never give out other people's information.",
        RateHelpful = "👍 Helpful",
        RateNotHelpful = "👎 Not helpful",
        ThanksForRating = "Thank you for telling us!",
        NotHelpfulEscalated = "Sorry the answer did not help. I have passed this conversation to the center's staff; they will reply to you here.",
        MachineTranslated = "Machine translation into {0} of the {1} document; where they differ, the original applies",
        LanguageUnavailable = "Sorry, answers in {0} are not available yet; here is the answer in {1}",
        TranslationFailed = "The machine translation into {0} did not match the document, so it was not sent; here is the answer in {1}",
        ShowOriginal = "Show original ({0})",
        FileReceived = "I received your file. I can read QR codes in photos, but not the contents of files; please type your question, or type \"talk to staff\" so staff can look at it.",
        PrivacyNote = "Note: you do not need to send ID or phone numbers here. They were hidden when your message was saved for staff.",
        CatalogCard = new CatalogCardTexts
        {
            HandledBy = "Handled by",
            Field = "Field",
            PublishedBy = "Published by",
            Province = "Applies in: {0} (that province's own version of the procedure)",
            SubmitOnline = "How to submit: online on the National Public Service Portal{0} [1]: {1} — or in person at the handling office.",
            FullyOnline = " (entirely online)",
            Submit = "How to submit: see the guide and submit on the National Public Service Portal [1]: {0} — or at the handling office.",
            CommuneCenter = "You can hand in the dossier at the Public Administration Service Center of your commune or ward.",
            RecordLevel = "According to the procedure's record on the Portal [1]: handled at {0}; by: {1}.",
            Commune = "commune level",
            ProvinceLevel = "province level",
            Ministry = "central level (a ministry)",
            NotStated = "not stated",
            NoDetails = "The center has no detailed guide for this procedure yet, so I will not answer about its documents, fee or time. See the full record on the National Public Service Portal [1] (in Vietnamese), or type \"talk to staff\".",
            CatalogSource = "Source [1]: the National Public Service Portal's catalog of procedures (collected {0:yyyy-MM-dd}).",
            RecordSource = "Source [1]: the record of procedure {0} on the National Public Service Portal, updated {1:yyyy-MM-dd} (collected {2:yyyy-MM-dd}).",
        },
        WhichProvince = "Each province publishes its own version of **{0}**. Which province are you in?",
        FacetButtons = new Dictionary<string, string>
        {
            [SectionIds.Documents] = "Documents",
            [SectionIds.Fee] = "Fee",
            [SectionIds.Time] = "Processing time",
            [SectionIds.Where] = "Where to apply",
            [SectionIds.Steps] = "Steps",
        },
        ExampleQuestions = ["What documents do I need for birth registration?", "How much is a certified copy?", "Where do I register a marriage?"],
    };
}

/// <summary>The words of a catalog card, in one language. Facts come from the catalog entry and its record.</summary>
public sealed class CatalogCardTexts
{
    public required string HandledBy { get; init; }
    public required string Field { get; init; }
    public required string PublishedBy { get; init; }

    /// <summary>{0} the province.</summary>
    public required string Province { get; init; }

    /// <summary>{0} <see cref="FullyOnline"/> or nothing, {1} the portal link.</summary>
    public required string SubmitOnline { get; init; }
    public required string FullyOnline { get; init; }

    /// <summary>{0} the portal link.</summary>
    public required string Submit { get; init; }
    public required string CommuneCenter { get; init; }

    /// <summary>{0} the level, {1} the agencies.</summary>
    public required string RecordLevel { get; init; }
    public required string Commune { get; init; }
    public required string ProvinceLevel { get; init; }
    public required string Ministry { get; init; }
    public required string NotStated { get; init; }
    public required string NoDetails { get; init; }

    /// <summary>{0} the day of the crawl.</summary>
    public required string CatalogSource { get; init; }

    /// <summary>{0} the code, {1} the record's last update, {2} the day of the crawl.</summary>
    public required string RecordSource { get; init; }
}
