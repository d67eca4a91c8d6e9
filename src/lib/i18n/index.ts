import { IntlMessageFormat } from 'intl-messageformat';
import { getContext, setContext } from 'svelte';
import en from './en.json';
import sv from './sv.json';

export type Locale = 'sv' | 'en';
/** Swedish is the source: its keys are the type every caller is checked against. */
export type MessageKey = keyof typeof sv;
export type Translate = (key: MessageKey, values?: Record<string, string | number | Date>) => string;

const catalogues: Record<Locale, Record<string, string>> = { sv, en };
const cache = new Map<string, IntlMessageFormat>();

export function createTranslator(locale: Locale): Translate {
	return (key, values) => {
		const message = catalogues[locale][key] ?? catalogues.sv[key];
		if (message === undefined) return key;
		const cacheKey = `${locale}\u0000${key}`;
		let format = cache.get(cacheKey);
		if (!format) {
			format = new IntlMessageFormat(message, locale === 'sv' ? 'sv-SE' : 'en-GB');
			cache.set(cacheKey, format);
		}
		return String(format.format(values));
	};
}

const CONTEXT = Symbol('i18n');

export function setI18n(getLocale: () => Locale): void {
	setContext(CONTEXT, {
		get t() {
			return createTranslator(getLocale());
		},
		get locale() {
			return getLocale();
		}
	});
}

export function useI18n(): { readonly t: Translate; readonly locale: Locale } {
	return getContext(CONTEXT);
}

/** Dates are ISO in both languages (2024-06-03), as Swedish public documents write them. */
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '';
	const date = typeof value === 'string' ? new Date(value) : value;
	return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '';
	const date = typeof value === 'string' ? new Date(value) : value;
	return date.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
}

export function formatNumber(value: number): string {
	return new Intl.NumberFormat('sv-SE').format(value);
}

export function formatMoney(value: number): string {
	return `${formatNumber(value)} kr`;
}
