/**
 * WCAG 2.x contrast ratio of two CSS colours as getComputedStyle writes them ("rgb(r, g, b)"):
 * (L1 + 0.05) / (L2 + 0.05) of their relative luminances, L = 0.2126 R + 0.7152 G + 0.0722 B
 * of the linearised sRGB channels (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
 * Black on white is 21; text needs 4.5, a control's boundary 3 (WCAG 1.4.3, 1.4.11).
 */
function luminance(css: string): number {
  const m = /^rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
