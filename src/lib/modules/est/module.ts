import { defineDomainModule } from '../manifest';
import { EST_CADENCES } from './constants';

/** EST: the municipality's cycle (cadence, current cycle) and its reports; reporting itself is issue 13. */
export default defineDomainModule({ id: 'est', segment: 'est', built: true, order: 40, dynamicKeys: { 'est.cadence.*': EST_CADENCES } });
