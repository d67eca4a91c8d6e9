import { defineDomainModule } from '../manifest';
import PublicSection from './PublicSection.svelte';
import { DIALOGUE_KINDS, TARGET_KINDS } from './constants';

export default defineDomainModule({
	id: 'promises',
	segment: 'medborgarloften',
	built: true,
	order: 30,
	publicSection: PublicSection,
	dynamicKeys: {
		'promises.target.*': TARGET_KINDS,
		'promises.targetKind.*': TARGET_KINDS,
		'promises.dialogueKind.*': DIALOGUE_KINDS,
		/** The fields a follow-up correction records (promises.usecases CorrectionChange). */
		'promises.correction.field.*': ['heldOn', 'forum', 'summary', 'status', 'achieved', 'done']
	}
});
