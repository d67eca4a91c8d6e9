import { defineDomainModule } from '../manifest';

/** SSPF / Sociala insatsgrupper (issue 15): consent-gated case coordination around young people at risk. */
export default defineDomainModule({ id: 'sspf', segment: 'sspf', built: true, order: 60 });
