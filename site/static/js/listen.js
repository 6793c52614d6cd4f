// "Écouter": the browser reads the easy-to-read block aloud (speech synthesis built
// into the browser or the phone; nothing is sent anywhere). Where the browser cannot
// speak, the button stays hidden.
const synth = window.speechSynthesis;
for (const block of document.querySelectorAll("[data-easy-read]")) {
  const button = block.querySelector("[data-listen]");
  const label = block.querySelector("[data-listen-label]");
  const text = block.querySelector("[data-easy-read-text]");
  if (!button || !label || !text || !synth || typeof SpeechSynthesisUtterance === "undefined") {
    continue;
  }
  const listenWord = label.textContent;
  const stopWord = button.dataset.labelStop;
  // The button's name says what a press does next ("Écouter" / "Arrêter la lecture").
  const show = (speaking) => {
    label.textContent = speaking ? stopWord : listenWord;
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    if (synth.speaking) {
      synth.cancel();
      show(false);
      return;
    }
    // One utterance per line: short pauses between ideas, as the text is written.
    const lines = [...text.querySelectorAll("p")].map((p) => p.textContent.trim()).filter(Boolean);
    lines.forEach((line, index) => {
      const utterance = new SpeechSynthesisUtterance(line);
      utterance.lang = "fr-FR";
      utterance.rate = 0.9;
      if (index === lines.length - 1) utterance.addEventListener("end", () => show(false));
      // No voice installed, or the browser refused: back to "Écouter", never stuck.
      utterance.addEventListener("error", () => {
        synth.cancel();
        show(false);
      });
      synth.speak(utterance);
    });
    show(true);
  });
}
