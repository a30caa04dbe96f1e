using CitizenHelper.Web.Staff;

namespace CitizenHelper.Web.Tests;

/// <summary>A staff reply becomes a knowledge entry for everyone: the greeting, thanks, wishes and signature of one conversation go.</summary>
public sealed class DraftSuggestionsTests
{
    [Theory]
    [InlineData("Chào anh/chị, việc nuôi chim yến không cần giấy phép ở xã. Cảm ơn anh/chị đã hỏi. Trân trọng, Nguyễn Thị Lan", "Việc nuôi chim yến không cần giấy phép ở xã.")]
    [InlineData("Xin chào!\nCảm ơn bạn đã liên hệ Trung tâm.\nBạn mang theo Căn cước và giấy chứng sinh.\n\nTrân trọng,\nCán bộ một cửa xã Cư Jút", "Bạn mang theo Căn cước và giấy chứng sinh.")]
    [InlineData("Kính chào ông/bà. Hồ sơ nộp tại Trung tâm, lệ phí 0 đồng theo thủ tục 1.001193. Chúc ông/bà một ngày tốt lành!", "Hồ sơ nộp tại Trung tâm, lệ phí 0 đồng theo thủ tục 1.001193.")]
    [InlineData("chao ban, ban nop ho so truc tuyen. cam on ban", "Ban nop ho so truc tuyen.")]
    [InlineData("Dear citizen, you can apply online. Thank you for your question. Best regards, Lan", "You can apply online.")]
    [InlineData("Hello! Bring your ID card.\n-- \nNguyen Thi Lan, Cu Jut center", "Bring your ID card.")]
    [InlineData("Bạn nộp tại Trung tâm từ 07:30 đến 11:30.", "Bạn nộp tại Trung tâm từ 07:30 đến 11:30.")]
    [InlineData("Cảm ơn anh/chị.", "")]
    public void GreetingsThanksWishesAndSignaturesAreDropped(string reply, string expected) =>
        Assert.Equal(expected, DraftSuggestions.WithoutPleasantries(reply));

    [Fact]
    public void WordsThatOnlyLookLikeAGreetingStay() =>
        // "Chào" inside a sentence, "cảm ơn" mid-answer: the answer itself is kept as written.
        Assert.Equal(
            "Thủ tục chào mừng không có. Người dân được cảm ơn khi nộp đúng hạn.",
            DraftSuggestions.WithoutPleasantries("Thủ tục chào mừng không có. Người dân được cảm ơn khi nộp đúng hạn."));
}
