/**
 * What other modules may use of the lägesbild (the only door into situation/): the municipality's
 * area rows and the event counts (plans find place names and measure effects with them).
 */
export { listAreaGeometries, listAreaRows } from './areas/areas.repository';
export { countEvents, type CountFilter } from './crimes/crimes.repository';
/** The lägesbild's hot spot test (Getis-Ord Gi* over a grid), for EST's cycle picture. */
export { hotSpots, significanceClass } from './analysis/hotspots.models';
/** The demo areas and crimes, for other modules' tests. */
export { demoAreas, seedSituationDemo } from './demo';
