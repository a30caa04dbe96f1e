using System.Security.Cryptography;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Options;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Files a client uploads with an activity (multipart: an optional <c>activity</c> part, then the files), bounded per
/// request and per day. Each file is checked by its bytes, not its claimed type, stored in the database, and linked by
/// a signed <c>contentUrl</c> that only opens it for this conversation.
/// </summary>
public static class DirectLineUploads
{
    /// <summary>The activity with the stored files as its attachments, or the problem (and nothing stored).</summary>
    public static async Task<(Activity? Activity, IResult? Error)> ReadAsync(
        HttpRequest request, string conversationId, DirectLineTokens tokens, ConversationStore store, DirectLineOptions settings, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        var uploader = UploadedFile.AddressKey(settings.Secret, request.HttpContext.Connection.RemoteIpAddress);
        var usage = await store.UploadsSinceAsync(conversationId, uploader, clock.GetUtcNow().AddDays(-1), cancellationToken);
        if (OverDailyBound(usage, settings, files: 1, bytes: 0) is { } full)
        {
            return (null, full);
        }
        // The files, plus room for the activity part and the multipart framing.
        var maxBody = settings.MaxUploadBytes + (DirectLineRequests.MaxSmallBodyBytes * 4);
        if (!request.HasFormContentType || request.ContentLength > maxBody)
        {
            return (null, DirectLineProblems.BadArgument($"Upload multipart/form-data of at most {settings.MaxUploadBytes} bytes."));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxBody }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, DirectLineProblems.BadArgument("The upload is not valid multipart/form-data or is too large."));
        }

        Activity activity = new() { Type = ActivityTypes.Message };
        var files = form.Files.Where(f => f.Name != "activity").ToList();
        if (form.Files.FirstOrDefault(f => f.Name == "activity") is { } activityPart)
        {
            if (activityPart.Length > settings.MaxActivityBytes)
            {
                return (null, DirectLineProblems.BadArgument($"The activity part is larger than {settings.MaxActivityBytes} bytes."));
            }
            try
            {
                using var part = new MemoryStream();
                await activityPart.CopyToAsync(part, cancellationToken);
                if (DirectLineRequests.HoldsLoneSurrogate(part.GetBuffer().AsSpan(0, (int)part.Length)))
                {
                    return (null, DirectLineProblems.BadArgument("The activity part holds a \\u escape of half a surrogate pair, which is not text."));
                }
                activity = JsonSerializer.Deserialize<Activity>(part.GetBuffer().AsSpan(0, (int)part.Length), ActivityJson.Options) ?? activity;
            }
            catch (JsonException)
            {
                return (null, DirectLineProblems.BadArgument("The activity part is not valid JSON."));
            }
            if (activity.ListHoldingNull() is { } list)
            {
                return (null, DirectLineRequests.NullInList(list));
            }
        }
        if (files.Count == 0 || files.Count > settings.MaxUploadFiles || files.Sum(f => f.Length) > settings.MaxUploadBytes)
        {
            return (null, DirectLineProblems.BadArgument($"Send 1 to {settings.MaxUploadFiles} files, together at most {settings.MaxUploadBytes} bytes."));
        }

        if (OverDailyBound(usage, settings, files.Count, files.Sum(f => f.Length)) is { } over)
        {
            return (null, over);
        }

        // Every file is checked before any is kept: a request with one bad file keeps none.
        var checkedFiles = new List<(IFormFile File, byte[] Content, string Type)>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var content = buffer.ToArray();
            var type = UploadedFile.Sniff(content);
            if (type is null)
            {
                return (null, DirectLineProblems.BadArgument($"'{file.FileName}' is not a whole file of one of: {string.Join(", ", UploadedFile.AllowedTypes)}."));
            }
            checkedFiles.Add((file, content, type));
        }

        var attachments = new List<Bot.Schema.Attachment>();
        foreach (var (file, content, type) in checkedFiles)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var name = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } n ? PersonalData.Redact(n) : $"{id}";
            name = name.Length <= 200 ? name : id;
            await store.SaveAttachmentAsync(new AttachmentRecord
            {
                Id = id, ConversationId = conversationId, ContentType = type, Name = name, Content = content, CreatedAt = clock.GetUtcNow(),
                Size = content.Length, Uploader = uploader,
            }, cancellationToken);
            // The token's user slot carries the attachment id: the URL opens this one file of this conversation.
            var signature = tokens.Issue(conversationId, id, DirectLineTokens.AttachmentPurpose, TimeSpan.FromDays(7));
            var url = $"{request.Scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{conversationId}/attachments/{id}?sig={Uri.EscapeDataString(signature)}";
            attachments.Add(new Bot.Schema.Attachment { ContentType = type, ContentUrl = url, Name = name });
        }

        activity.Attachments = attachments;
        return (activity, null);
    }

    /// <summary>
    /// A 429 problem when <paramref name="files"/> more files of <paramref name="bytes"/> bytes would pass a daily
    /// bound of the conversation or of the client address (DirectLine:Upload…PerDay), counted over the last 24 hours.
    /// Two uploads at once may both pass the check: the bounds hold to within one request.
    /// </summary>
    private static IResult? OverDailyBound(UploadUsage usage, DirectLineOptions settings, int files, long bytes)
    {
        var conversationFull = usage.ConversationFiles + files > settings.UploadFilesPerConversationPerDay || usage.ConversationBytes + bytes > settings.UploadBytesPerConversationPerDay;
        var addressFull = usage.AddressFiles + files > settings.UploadFilesPerAddressPerDay || usage.AddressBytes + bytes > settings.UploadBytesPerAddressPerDay;
        return conversationFull || addressFull
            ? DirectLineProblems.Create(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                conversationFull ? "This conversation has uploaded as many files as it may today; please try again tomorrow or ask staff." : "Too many files were uploaded from this address today; please try again tomorrow.")
            : null;
    }
}
