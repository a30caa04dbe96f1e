namespace CitizenHelper.Qr.Lookup;

/// <summary>The bot's words for scanned payloads and photos, in Vietnamese and English. Facts come only from the knowledge base and the dossier source.</summary>
public sealed class ScanTexts
{
    public required string ForeignLink { get; init; }
    public required string PortalLinkWithoutCode { get; init; }

    /// <summary>{0}: the procedure code.</summary>
    public required string UnknownProcedure { get; init; }
    public required string IdentityCard { get; init; }
    public required string OtherPayload { get; init; }

    /// <summary>{0}: the center's or unit's name.</summary>
    public required string CenterTitle { get; init; }
    public required string CenterAddress { get; init; }
    public required string CenterHours { get; init; }
    public required string CenterPhone { get; init; }
    public required string CenterNoDetails { get; init; }
    public required string SampleData { get; init; }

    /// <summary>{0}: the knowledge-base file.</summary>
    public required string CenterSource { get; init; }

    /// <summary>{0}: the receipt code.</summary>
    public required string DossierTitle { get; init; }
    public required string DossierProcedure { get; init; }
    public required string DossierState { get; init; }
    public required string DossierReceived { get; init; }
    public required string DossierAppointment { get; init; }
    public required string DossierOffice { get; init; }
    public required string DossierMissing { get; init; }
    public required string DossierOverdue { get; init; }
    public required string DossierUpdated { get; init; }
    public required string DossierNotFound { get; init; }
    public required string DossierUnavailable { get; init; }
    public required string DateFormat { get; init; }
    public required IReadOnlyDictionary<Dossiers.DossierState, string> States { get; init; }

    public required string PhotoNoCode { get; init; }
    public required string PhotoSeveralCodes { get; init; }
    public required string PhotoTimedOut { get; init; }
    public required string PhotoNotAnImage { get; init; }
    public required string PhotoUnsupported { get; init; }
    public required string PhotoTooLarge { get; init; }

    /// <summary>Added when a photo went to staff.</summary>
    public required string PhotoSentToStaff { get; init; }

    public static ScanTexts For(string language) => language == "en" ? English : Vietnamese;

    public static ScanTexts Vietnamese { get; } = new()
    {
        ForeignLink = "Mã QR này dẫn tới một trang web không thuộc Trung tâm hay cổng dịch vụ công, nên tôi không mở và không đoán nội dung của nó. Bạn có thể gõ câu hỏi về thủ tục, hoặc nhắn \"gặp cán bộ\".",
        PortalLinkWithoutCode = "Đây là liên kết của cổng dịch vụ công, nhưng tôi không đọc được trong đó mã thủ tục, mã hồ sơ hay mã đơn vị nào mà tôi biết. Bạn có thể mở liên kết trên trình duyệt, gõ tên thủ tục, hoặc nhắn \"gặp cán bộ\".",
        UnknownProcedure = "Thủ tục mã {0} không có trong hướng dẫn của Trung tâm, nên tôi không trả lời để tránh sai. Bạn có thể gõ tên thủ tục, hoặc nhắn \"gặp cán bộ\".",
        IdentityCard = "Đây là mã QR trên thẻ căn cước. Bạn không cần gửi thông tin cá nhân ở đây. Bạn muốn hỏi về thủ tục nào?",
        OtherPayload = "Tôi không nhận ra mã QR này là của thủ tục, hồ sơ hay Trung tâm nào, nên tôi không đoán. Bạn có thể gõ câu hỏi, hoặc nhắn \"gặp cán bộ\".",
        CenterTitle = "**{0}**",
        CenterAddress = "- Địa chỉ: {0}",
        CenterHours = "- Giờ làm việc: {0}",
        CenterPhone = "- Điện thoại: {0}",
        CenterNoDetails = "Tôi chưa có địa chỉ và giờ làm việc của nơi này. Bạn nhắn \"gặp cán bộ\" để được hướng dẫn.",
        SampleData = "_(Dữ liệu mẫu, chưa phải thông tin chính thức.)_",
        CenterSource = "Nguồn: {0}.",
        DossierTitle = "**Hồ sơ {0}**",
        DossierProcedure = "- Thủ tục: {0}",
        DossierState = "- Tình trạng: {0}",
        DossierReceived = "- Ngày tiếp nhận: {0}",
        DossierAppointment = "- Ngày hẹn trả kết quả: {0}",
        DossierOffice = "- Nơi giải quyết: {0}",
        DossierMissing = "Cần bổ sung:",
        DossierOverdue = "Đã qua ngày hẹn mà hồ sơ chưa có kết quả. Bạn nhắn \"gặp cán bộ\" để được kiểm tra.",
        DossierUpdated = "Theo hệ thống một cửa, cập nhật {0}.",
        DossierNotFound = "Tôi không tìm thấy hồ sơ mã {0}. Bạn kiểm tra lại mã trên giấy tiếp nhận hồ sơ, hoặc nhắn \"gặp cán bộ\".",
        DossierUnavailable = "Hiện tôi chưa tra cứu được hồ sơ. Bạn thử lại sau ít phút, hoặc nhắn \"gặp cán bộ\".",
        DateFormat = "dd/MM/yyyy",
        PhotoNoCode = "Tôi không tìm thấy mã QR nào đọc được trong ảnh. Bạn chụp lại gần hơn, đủ sáng, không rung và để mã QR nằm trọn trong ảnh, hoặc gõ mã số in cạnh mã QR.",
        PhotoSeveralCodes = "Ảnh có nhiều mã QR khác nhau nên tôi không đoán bạn muốn hỏi mã nào. Bạn chụp riêng một mã QR, hoặc gõ mã số in cạnh mã đó.",
        PhotoTimedOut = "Ảnh này đọc quá lâu nên tôi đã dừng. Bạn chụp lại gần mã QR hơn, hoặc gõ mã số in cạnh mã QR.",
        PhotoNotAnImage = "Tệp này không phải ảnh hoặc ảnh đã bị hỏng, nên tôi không đọc được. Bạn gửi lại ảnh chụp (JPEG hoặc PNG).",
        PhotoUnsupported = "Tôi chỉ đọc được ảnh chụp JPEG, PNG, BMP hoặc GIF tĩnh (không đọc ảnh động hay WebP). Bạn gửi lại ảnh chụp, hoặc gõ mã số in cạnh mã QR.",
        PhotoTooLarge = "Ảnh quá lớn nên tôi không đọc. Bạn gửi ảnh chụp thông thường từ điện thoại (tối đa khoảng 16 megapixel).",
        PhotoSentToStaff = "Tôi đã chuyển ảnh cho cán bộ của Trung tâm xem giúp; cán bộ sẽ trả lời bạn ngay trong cuộc trò chuyện này.",
        States = new Dictionary<Dossiers.DossierState, string>
        {
            [Dossiers.DossierState.Received] = "đã tiếp nhận",
            [Dossiers.DossierState.InProgress] = "đang giải quyết",
            [Dossiers.DossierState.NeedsSupplement] = "cần bổ sung giấy tờ",
            [Dossiers.DossierState.Ready] = "đã có kết quả, mời bạn đến nhận",
            [Dossiers.DossierState.Returned] = "đã trả kết quả",
            [Dossiers.DossierState.Rejected] = "không được giải quyết (lý do ghi trong văn bản trả lời)",
        },
    };

    public static ScanTexts English { get; } = new()
    {
        ForeignLink = "This QR code leads to a website that is not the center's or a public service portal, so I will not open it or guess what it says. You can type a question about a procedure, or type \"talk to staff\".",
        PortalLinkWithoutCode = "This is a public service portal link, but I cannot read a procedure, dossier or unit code that I know in it. You can open the link in your browser, type the procedure's name, or type \"talk to staff\".",
        UnknownProcedure = "Procedure {0} is not in the center's guide, so I will not answer about it rather than risk a wrong answer. You can type the procedure's name, or type \"talk to staff\".",
        IdentityCard = "This is the QR code of an identity card. You do not need to send personal details here. Which procedure would you like to ask about?",
        OtherPayload = "I do not recognise this QR code as a procedure, a dossier or a center, so I will not guess. You can type a question, or type \"talk to staff\".",
        CenterTitle = "**{0}**",
        CenterAddress = "- Address: {0}",
        CenterHours = "- Opening hours: {0}",
        CenterPhone = "- Phone: {0}",
        CenterNoDetails = "I do not have this place's address and opening hours yet. Type \"talk to staff\" for help.",
        SampleData = "_(Sample data, not official information.)_",
        CenterSource = "Source: {0}.",
        DossierTitle = "**Dossier {0}**",
        DossierProcedure = "- Procedure: {0}",
        DossierState = "- Status: {0}",
        DossierReceived = "- Received on: {0}",
        DossierAppointment = "- Result promised for: {0}",
        DossierOffice = "- Handled by: {0}",
        DossierMissing = "Still needed (as written by the center, in Vietnamese):",
        DossierOverdue = "The promised date has passed and there is no result yet. Type \"talk to staff\" so staff can check.",
        DossierUpdated = "From the one-stop-shop system, updated {0}.",
        DossierNotFound = "I cannot find dossier {0}. Please check the code on your receipt, or type \"talk to staff\".",
        DossierUnavailable = "I cannot look up dossiers right now. Please try again in a few minutes, or type \"talk to staff\".",
        DateFormat = "yyyy-MM-dd",
        PhotoNoCode = "I could not find a QR code I can read in the photo. Please take it again closer, in good light, holding still, with the whole code in the picture, or type the code printed next to it.",
        PhotoSeveralCodes = "The photo has several different QR codes, so I will not guess which one you mean. Please take a photo of just one, or type the code printed next to it.",
        PhotoTimedOut = "This photo took too long to read, so I stopped. Please take it again closer to the QR code, or type the code printed next to it.",
        PhotoNotAnImage = "This file is not a photo, or it is damaged, so I cannot read it. Please send the photo again (JPEG or PNG).",
        PhotoUnsupported = "I can read JPEG, PNG, BMP and still GIF photos, not animated images or WebP. Please send a photo, or type the code printed next to the QR code.",
        PhotoTooLarge = "The image is too large for me to read. Please send an ordinary phone photo (up to about 16 megapixels).",
        PhotoSentToStaff = "I have passed the photo to the center's staff; they will reply to you in this conversation.",
        States = new Dictionary<Dossiers.DossierState, string>
        {
            [Dossiers.DossierState.Received] = "received",
            [Dossiers.DossierState.InProgress] = "being processed",
            [Dossiers.DossierState.NeedsSupplement] = "more documents needed",
            [Dossiers.DossierState.Ready] = "result ready to collect",
            [Dossiers.DossierState.Returned] = "result handed over",
            [Dossiers.DossierState.Rejected] = "not granted (the reason is in the written reply)",
        },
    };
}
