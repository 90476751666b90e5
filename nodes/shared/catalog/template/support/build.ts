import { carouselComponents } from './carousel';
import type { AuthenticationForm, TemplateForm } from './form';
import { offerComponents } from './offer';
import { bodyComponents, fail, headerComponents, type TemplateShape } from './parts';

/** The handles of the samples, uploaded first when they came from a URL or the flow. */
export interface SampleHandles {
	header?: string;
	cards?: string[];
}

type Json = Record<string, unknown>;

/**
 * The components of a template from its form fields: standard (header, body, footer, buttons),
 * a media card carousel, a limited-time offer, or an authentication template's fixed texts.
 */
export function buildComponents(form: TemplateForm & AuthenticationForm, shape: TemplateShape, samples: SampleHandles): Json[] {
	if (shape.category === 'AUTHENTICATION') return authenticationComponents(form);
	const type = form.templateType ?? 'standard';
	if (type !== 'standard' && shape.category !== 'MARKETING') {
		const what = type === 'carousel' ? 'a media card carousel' : 'a limited-time offer';
		throw fail('Template Type (templateType)', `${what} is a MARKETING template; this one is ${shape.category}`);
	}
	if (type === 'carousel') return carouselComponents(form, shape, samples.cards ?? []);
	if (type === 'limitedTimeOffer') return offerComponents(form, shape, samples.header);
	return [...headerComponents(form, shape, samples.header), ...bodyComponents(form, shape), ...(form.footer ? [{ type: 'FOOTER', text: form.footer }] : []), ...(form.buttons?.length ? [{ type: 'BUTTONS', buttons: form.buttons }] : [])];
}

/** Authentication templates have fixed texts: Meta writes the body; the flow picks the OTP button. */
function authenticationComponents(form: TemplateForm & AuthenticationForm): Json[] {
	const otp = form.buttons?.filter((b) => b.type === 'OTP') ?? [];
	if (otp.length !== 1 || form.buttons!.length !== 1) {
		throw fail('Buttons (buttons)', 'an AUTHENTICATION template needs exactly one OTP button: [{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]');
	}
	return [
		{ type: 'BODY', add_security_recommendation: form.addSecurityRecommendation ?? false },
		...(form.codeExpirationMinutes ? [{ type: 'FOOTER', code_expiration_minutes: form.codeExpirationMinutes }] : []),
		{ type: 'BUTTONS', buttons: otp },
	];
}
