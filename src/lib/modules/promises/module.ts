import { defineDomainModule } from '../manifest';
import PublicSection from './PublicSection.svelte';

export default defineDomainModule({ id: 'promises', segment: 'medborgarloften', built: true, order: 30, publicSection: PublicSection });
