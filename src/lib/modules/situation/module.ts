import { defineDomainModule } from '../manifest';
import PublicSection from './PublicSection.svelte';

export default defineDomainModule({ id: 'situation', segment: 'lagesbild', built: true, order: 10, publicSection: PublicSection });
