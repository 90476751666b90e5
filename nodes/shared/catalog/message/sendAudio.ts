import { booleanParam } from '../support/fields';
import { mediaMessage } from './support/mediaMessage';

export const sendAudio = mediaMessage<{ voice: boolean }>({
	kind: 'audio',
	label: 'Send Audio',
	help: 'Sends an audio file (AAC, AMR, MP3, M4A or OGG, up to 16 MB). As a voice note it must be OGG/OPUS.',
	extra: { voice: booleanParam('Voice Note', 'Send as a voice note (OGG/OPUS; shows a play icon up to 512 KB).') },
	fields: (params) => (params.voice ? { voice: true } : {}),
	fromFields: (object) => ({ voice: object.voice }),
	group: true,
});
