import { formatLooseDate } from './loose-date';

/**
 * The promise form without JavaScript: every list is a set of numbered rows (`activities-2-activity`),
 * blank rows are offered for new entries and dropped on save. Pure and browser-safe.
 */

export interface ActivityRowState {
	id: string;
	activity: string;
	group: string;
	scope: string;
	when: string;
	responsible: string;
	followUp: string;
	/** '' (no target), 'at_least', 'exactly', 'at_most' or 'yes_no'. */
	targetKind: string;
	targetValue: string;
	targetUnit: string;
	measureIds: string[];
	/** Row numbers of the dialogue basis items the activity answers. */
	answers: string[];
}

export interface PromiseFormState {
	title: string;
	periodStart: string;
	periodEnd: string;
	introduction: string;
	problemPicture: string;
	commitment: string;
	timeframe: string;
	followUpForum: string;
	nextFollowUpOn: string;
	signedOn: string;
	internalNotes: string;
	focusAreas: string;
	parties: { key: string; name: string; lines: string }[];
	signatories: { name: string; title: string; partyKey: string; signedOn: string }[];
	/** respondents may be approximate ("ca 600"); share is a survey result's per cent. */
	dialogues: { text: string; kind: string; count: string; respondents: string; share: string; held: string }[];
	activities: ActivityRowState[];
}

const SCALARS = [
	'title',
	'periodStart',
	'periodEnd',
	'introduction',
	'problemPicture',
	'commitment',
	'timeframe',
	'followUpForum',
	'nextFollowUpOn',
	'signedOn',
	'internalNotes',
	'focusAreas'
] as const;

export const emptyActivity = (): ActivityRowState => ({
	id: '',
	activity: '',
	group: '',
	scope: '',
	when: '',
	responsible: '',
	followUp: '',
	targetKind: '',
	targetValue: '',
	targetUnit: '',
	measureIds: [],
	answers: []
});

/** Blank rows to type into, so a list can grow without JavaScript. */
export function withBlankRows(state: PromiseFormState, activities = 3): PromiseFormState {
	const parties = [...state.parties];
	if (!parties.some((p) => p.key === 'polisen')) parties.push({ key: 'polisen', name: 'Polisen', lines: '' });
	if (!parties.some((p) => p.key === 'kommunen')) parties.push({ key: 'kommunen', name: '', lines: '' });
	parties.push({ key: '', name: '', lines: '' });
	return {
		...state,
		parties,
		signatories: [...state.signatories, { name: '', title: '', partyKey: '', signedOn: '' }, { name: '', title: '', partyKey: '', signedOn: '' }],
		dialogues: [...state.dialogues, { text: '', kind: 'dialog', count: '', respondents: '', share: '', held: '' }],
		activities: [...state.activities, ...Array.from({ length: activities }, emptyActivity)]
	};
}

export function emptyFormState(municipalityName: string): PromiseFormState {
	return {
		title: '',
		periodStart: '',
		periodEnd: '',
		introduction: '',
		problemPicture: '',
		commitment: '',
		timeframe: '',
		followUpForum: '',
		nextFollowUpOn: '',
		signedOn: '',
		internalNotes: '',
		focusAreas: '',
		parties: [
			{ key: 'polisen', name: 'Polisen', lines: '' },
			{ key: 'kommunen', name: municipalityName, lines: '' }
		],
		signatories: [],
		dialogues: [],
		activities: []
	};
}

/** Reads the rows back exactly as posted, blank ones included, so a form with errors shows what was typed. */
export function formStateFromFormData(form: FormData): PromiseFormState {
	const text = (name: string) => String(form.get(name) ?? '');
	const rows = (prefix: string) => {
		const indexes = new Set<number>();
		for (const key of form.keys()) {
			const m = new RegExp(`^${prefix}-(\\d+)-`).exec(key);
			if (m) indexes.add(Number(m[1]));
		}
		return [...indexes].sort((a, b) => a - b).slice(0, 300);
	};
	const state = Object.fromEntries(SCALARS.map((k) => [k, text(k)])) as Pick<PromiseFormState, (typeof SCALARS)[number]>;
	return {
		...state,
		parties: rows('parties').map((i) => ({ key: text(`parties-${i}-key`), name: text(`parties-${i}-name`), lines: text(`parties-${i}-lines`) })),
		signatories: rows('signatories').map((i) => ({
			name: text(`signatories-${i}-name`),
			title: text(`signatories-${i}-title`),
			partyKey: text(`signatories-${i}-partyKey`),
			signedOn: text(`signatories-${i}-signedOn`)
		})),
		dialogues: rows('dialogues').map((i) => ({
			text: text(`dialogues-${i}-text`),
			kind: text(`dialogues-${i}-kind`) || 'dialog',
			count: text(`dialogues-${i}-count`),
			respondents: text(`dialogues-${i}-respondents`),
			share: text(`dialogues-${i}-share`),
			held: text(`dialogues-${i}-held`)
		})),
		activities: rows('activities').map((i) => ({
			id: text(`activities-${i}-id`),
			activity: text(`activities-${i}-activity`),
			group: text(`activities-${i}-group`),
			scope: text(`activities-${i}-scope`),
			when: text(`activities-${i}-when`),
			responsible: text(`activities-${i}-responsible`),
			followUp: text(`activities-${i}-followUp`),
			targetKind: text(`activities-${i}-targetKind`),
			targetValue: text(`activities-${i}-targetValue`),
			targetUnit: text(`activities-${i}-targetUnit`),
			measureIds: form.getAll(`activities-${i}-measureIds`).map(String),
			answers: form.getAll(`activities-${i}-answers`).map(String)
		}))
	};
}

const lines = (value: string) =>
	value
		.split(/\r?\n/)
		.map((l) => l.replace(/^\s*[-–•*]\s+/, '').trim())
		.filter(Boolean);
const blank = (row: object) =>
	Object.entries(row).every(
		([k, v]) =>
			k === 'key' || k === 'id' || k === 'partyKey' || k === 'targetKind' || k === 'kind' || (Array.isArray(v) ? v.length === 0 : String(v).trim() === '')
	);
const intOrNull = (value: string) => (value.trim() === '' ? null : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

function slugOf(name: string): string {
	return (
		name
			.toLowerCase()
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'part'
	);
}

/**
 * The schema's input from the rows: blank rows dropped. `errorKey` turns an error on the n-th kept
 * row back into the field name of the row it came from, so messages land at the right field.
 */
export function inputFromFormState(state: PromiseFormState) {
	const keptRows: Record<string, number[]> = { parties: [], signatories: [], dialogues: [], activities: [] };
	const keep = <T extends object>(list: string, rows: T[]) =>
		rows.filter((row, index) => {
			if (blank(row)) return false;
			keptRows[list].push(index);
			return true;
		});
	// A party without any promise line says nothing: its row counts as blank even with a name filled in.
	const parties = keep(
		'parties',
		state.parties.map((p) => (p.lines.trim() ? p : { key: '', name: '', lines: '' }))
	).map((p) => ({
		key: p.key || slugOf(p.name),
		name: p.name.trim() || (p.key === 'polisen' ? 'Polisen' : p.key === 'kommunen' ? 'Kommunen' : ''),
		lines: lines(p.lines)
	}));
	const input = {
		title: state.title,
		periodStart: state.periodStart,
		periodEnd: state.periodEnd,
		introduction: state.introduction,
		problemPicture: state.problemPicture,
		commitment: state.commitment,
		timeframe: state.timeframe,
		followUpForum: state.followUpForum,
		nextFollowUpOn: state.nextFollowUpOn,
		signedOn: state.signedOn,
		internalNotes: state.internalNotes,
		focusAreas: lines(state.focusAreas),
		parties,
		signatories: keep('signatories', state.signatories).map((s) => ({
			name: s.name,
			title: s.title,
			partyKey: s.partyKey || null,
			signedOn: s.signedOn || null
		})),
		dialogues: keep('dialogues', state.dialogues).map((d) => {
			// "ca 600", "cirka 600", "~600": the number, marked approximate.
			const approx = /^\s*(?:ca\.?|cirka|omkring|ungefär|drygt|knappt|~)\s*/i.exec(d.respondents);
			return {
				text: d.text,
				kind: d.kind || 'dialog',
				count: intOrNull(d.count),
				respondents: intOrNull(approx ? d.respondents.slice(approx[0].length) : d.respondents),
				respondentsApprox: !!approx,
				share: intOrNull(d.share.replace(/\s*%\s*$/, '')),
				held: d.held.trim() || null
			};
		}),
		activities: [] as (ActivityRowState & { answers: number[] })[]
	};
	// An activity names dialogue rows by their row number; saved, they are positions among the kept rows.
	const keptDialogues = keptRows.dialogues;
	input.activities = keep('activities', state.activities).map((a) => ({
		...a,
		answers: a.answers.map((row) => keptDialogues.indexOf(Number(row))).filter((n) => n >= 0)
	})) as never;
	const errorKey = (key: string) => {
		const m = /^(parties|signatories|dialogues|activities)-(\d+)(-.*)?$/.exec(key);
		if (!m) return key;
		const original = keptRows[m[1]][Number(m[2])];
		return original === undefined ? key : `${m[1]}-${original}${m[3] ?? ''}`;
	};
	return { input, errorKey };
}

/** The rows of a stored promise. */
export function formStateFromPromise(p: {
	title: string;
	periodStart: number | null;
	periodEnd: number | null;
	introduction: string;
	problemPicture: string;
	commitment: string;
	timeframe: string;
	followUpForum: string;
	nextFollowUpOn: string | null;
	nextFollowUpPrecision?: string | null;
	signedOn: string | null;
	signedOnPrecision?: string | null;
	internalNotes?: string;
	focusAreas: string[];
	parties: { key: string; name: string; lines: string[] }[];
	signatories: { name: string; title: string; partyKey: string | null; signedOn: string | null; signedOnPrecision?: string | null }[];
	dialogues: {
		text: string;
		kind?: string;
		count: number | null;
		respondents: number | null;
		respondentsApprox?: boolean;
		share?: number | null;
		held: string | null;
	}[];
	activities: {
		id: string;
		activity: string;
		group: string | null;
		scope: string;
		when: string;
		responsible: string;
		followUp: string;
		targetKind?: string | null;
		targetValue: number | null;
		targetUnit: string | null;
		measures: { id: string }[];
		answers?: number[];
	}[];
}): PromiseFormState {
	return {
		title: p.title,
		periodStart: p.periodStart === null ? '' : String(p.periodStart),
		periodEnd: p.periodEnd === null ? '' : String(p.periodEnd),
		introduction: p.introduction,
		problemPicture: p.problemPicture,
		commitment: p.commitment,
		timeframe: p.timeframe,
		followUpForum: p.followUpForum,
		nextFollowUpOn: formatLooseDate(p.nextFollowUpOn, p.nextFollowUpPrecision),
		signedOn: formatLooseDate(p.signedOn, p.signedOnPrecision),
		internalNotes: p.internalNotes ?? '',
		focusAreas: p.focusAreas.join('\n'),
		parties: p.parties.map((x) => ({ key: x.key, name: x.name, lines: x.lines.join('\n') })),
		signatories: p.signatories.map((s) => ({
			name: s.name,
			title: s.title,
			partyKey: s.partyKey ?? '',
			signedOn: formatLooseDate(s.signedOn, s.signedOnPrecision)
		})),
		dialogues: p.dialogues.map((d) => ({
			text: d.text,
			kind: d.kind ?? 'dialog',
			count: d.count === null ? '' : String(d.count),
			respondents: d.respondents === null ? '' : `${d.respondentsApprox ? 'ca ' : ''}${d.respondents}`,
			share: d.share === null || d.share === undefined ? '' : String(d.share),
			held: d.held ?? ''
		})),
		activities: p.activities.map((a) => ({
			id: a.id,
			activity: a.activity,
			group: a.group ?? '',
			scope: a.scope,
			when: a.when,
			responsible: a.responsible,
			followUp: a.followUp,
			targetKind: a.targetKind ?? (a.targetValue === null ? '' : 'at_least'),
			targetValue: a.targetValue === null ? '' : String(a.targetValue),
			targetUnit: a.targetUnit ?? '',
			measureIds: a.measures.map((m) => m.id),
			answers: (a.answers ?? []).map(String)
		}))
	};
}
