import { defineDomainModule } from '../manifest';

/** SSPF: planned (issue 15); its page says what it will do. */
export default defineDomainModule({ id: 'sspf', segment: 'sspf', built: false, order: 60 });
