// The escalation page: a canned reply fills the reply box (the page works without this script: the text can be copied).
for (const button of document.querySelectorAll("button.canned-reply")) {
  button.addEventListener("click", () => {
    const box = document.getElementById("reply");
    box.value = button.dataset.text;
    box.focus();
  });
}
