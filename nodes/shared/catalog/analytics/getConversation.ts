import { groupedAnalytics } from './support/grouped';

export const getConversationAnalytics = groupedAnalytics({
	field: 'conversation_analytics',
	operation: 'getConversation',
	label: 'Get Conversation Analytics (Legacy)',
	action: 'Get conversation analytics',
	help: 'Conversations and their cost per period, under the conversation-based pricing that ended on 2025-07-01. One item per data point; up to 1 year back.',
	dimensions: ['CONVERSATION_CATEGORY', 'CONVERSATION_DIRECTION', 'CONVERSATION_TYPE', 'COUNTRY', 'PHONE'],
});
