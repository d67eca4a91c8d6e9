import { defineDomainModule } from '../manifest';

/** Trygghetsvandringar: planned (issue 14); its page says what it will do. */
export default defineDomainModule({ id: 'walks', segment: 'trygghetsvandringar', built: false, order: 50 });
