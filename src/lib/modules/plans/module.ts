import { defineDomainModule } from '../manifest';
import PublicSection from './PublicSection.svelte';

export default defineDomainModule({ id: 'plans', segment: 'atgardsplan', built: true, order: 20, publicSection: PublicSection });
