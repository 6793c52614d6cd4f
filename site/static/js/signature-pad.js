/* A signature pad: draw with a finger (or mouse, or pen) on a canvas; the
   result is an SVG path in a 300 x 100 box ("M x y L x y …"), small enough to
   queue on a tablet and to print on the attendance sheet. */
(function () {
  "use strict";

  const BOX_W = 300;
  const BOX_H = 100;

  function SignaturePad(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext("2d");
    this.strokes = [];
    this.current = null;
    canvas.style.touchAction = "none"; // the finger draws, it does not scroll
    canvas.addEventListener("pointerdown", (event) => this.start(event));
    canvas.addEventListener("pointermove", (event) => this.move(event));
    for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
      canvas.addEventListener(type, () => this.end());
    }
    this.clear();
  }

  SignaturePad.prototype.point = function (event) {
    const box = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * BOX_W;
    const y = ((event.clientY - box.top) / box.height) * BOX_H;
    return [Math.max(0, Math.min(BOX_W, x)), Math.max(0, Math.min(BOX_H, y))];
  };

  SignaturePad.prototype.start = function (event) {
    event.preventDefault();
    this.canvas.setPointerCapture?.(event.pointerId);
    this.current = [this.point(event)];
    this.strokes.push(this.current);
    this.draw();
  };

  SignaturePad.prototype.move = function (event) {
    if (!this.current) return;
    event.preventDefault();
    const [x, y] = this.point(event);
    const [lastX, lastY] = this.current[this.current.length - 1];
    if (Math.abs(x - lastX) + Math.abs(y - lastY) < 0.8) return; // ignore jitter
    this.current.push([x, y]);
    this.draw();
  };

  SignaturePad.prototype.end = function () {
    this.current = null;
  };

  SignaturePad.prototype.clear = function () {
    this.strokes = [];
    this.draw();
  };

  SignaturePad.prototype.isEmpty = function () {
    return !this.strokes.some((stroke) => stroke.length > 1);
  };

  SignaturePad.prototype.draw = function () {
    const { canvas, context } = this;
    const scaleX = canvas.width / BOX_W;
    const scaleY = canvas.height / BOX_H;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = "#6b7280"; // the line to sign on
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(10 * scaleX, 80 * scaleY);
    context.lineTo(290 * scaleX, 80 * scaleY);
    context.stroke();
    context.strokeStyle = "#1a1a1a";
    context.lineWidth = 3 * scaleX;
    context.lineCap = "round";
    context.lineJoin = "round";
    for (const stroke of this.strokes) {
      context.beginPath();
      stroke.forEach(([x, y], index) => {
        if (index === 0) context.moveTo(x * scaleX, y * scaleY);
        else context.lineTo(x * scaleX, y * scaleY);
      });
      if (stroke.length === 1) context.lineTo(stroke[0][0] * scaleX + 0.5, stroke[0][1] * scaleY);
      context.stroke();
    }
  };

  SignaturePad.prototype.toPath = function () {
    const round = (n) => Math.round(n * 10) / 10;
    return this.strokes
      .filter((stroke) => stroke.length > 1)
      .map((stroke) =>
        stroke.map(([x, y], index) => `${index === 0 ? "M" : "L"}${round(x)} ${round(y)}`).join(" ")
      )
      .join(" ");
  };

  window.SignaturePad = SignaturePad;
})();
