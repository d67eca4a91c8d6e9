/**
 * The cycle map's colours, shared by the page's SVG and the Word picture's PNG: hot spot edges by
 * Gi* class (1 = 90 %, 2 = 95 %, 3 = 99 %) and points by effect on safety (1–4; contrast ≥ 3:1 on the map's grey).
 */
export const HOT_COLOURS = ['none', '#e08050', '#c0392b', '#8b0000'];
export const EFFECT_COLOURS = ['#4d4d4d', '#2166ac', '#762a83', '#9c4a00', '#b2182b'];
