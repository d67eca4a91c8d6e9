/** The choropleth's five classes, light to dark (ColorBrewer Blues), and the colour of an area without a value. */
export const CLASS_COLOURS = ['#dbe9f6', '#9ecae1', '#6baed6', '#2171b5', '#08306b'] as const;
export const NO_VALUE_COLOUR = '#eeeeee';
