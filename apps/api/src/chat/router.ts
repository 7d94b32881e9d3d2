import {
  addParticipantsInput,
  chatEventsInput,
  conversationInput,
  createGroupConversationInput,
  createHelpThreadInput,
  editMessageInput,
  historyInput,
  listConversationsInput,
  markReadInput,
  messageInput,
  reactionInput,
  removeParticipantInput,
  renameConversationInput,
  sendMessageInput,
  setParticipantRoleInput,
  startDirectConversationInput,
} from '@plastic-crack/api-contract';
import { openSubscription } from '../realtime/subscriptions.ts';
import { authedProcedure, router } from '../trpc/init.ts';
import { requireParticipant } from './access.ts';
import {
  addParticipants,
  addReaction,
  conversationEvents,
  createGroupConversation,
  createHelpThread,
  deleteMessage,
  editMessage,
  getConversation,
  history,
  leaveConversation,
  listConversations,
  markRead,
  removeParticipant,
  removeReaction,
  renameConversation,
  sendMessage,
  setParticipantRole,
  signalTyping,
  startDirectConversation,
  typingEvents,
} from './service.ts';

export const chatRouter = router({
  // Conversations
  startDirect: authedProcedure
    .input(startDirectConversationInput)
    .mutation(({ ctx, input }) => startDirectConversation(ctx.services, ctx.viewer.userId, input.userId)),
  createGroup: authedProcedure
    .input(createGroupConversationInput)
    .mutation(({ ctx, input }) => createGroupConversation(ctx.services, ctx.viewer.userId, input)),
  createHelpThread: authedProcedure
    .input(createHelpThreadInput)
    .mutation(({ ctx, input }) => createHelpThread(ctx.services, ctx.viewer.userId, input)),
  get: authedProcedure
    .input(conversationInput)
    .query(({ ctx, input }) => getConversation(ctx.services.db, ctx.viewer.userId, input.conversationId)),
  list: authedProcedure
    .input(listConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.services.db, ctx.viewer.userId, input)),
  rename: authedProcedure
    .input(renameConversationInput)
    .mutation(({ ctx, input }) => renameConversation(ctx.services, ctx.viewer.userId, input)),
  addParticipants: authedProcedure
    .input(addParticipantsInput)
    .mutation(({ ctx, input }) => addParticipants(ctx.services, ctx.viewer.userId, input)),
  removeParticipant: authedProcedure
    .input(removeParticipantInput)
    .mutation(({ ctx, input }) => removeParticipant(ctx.services, ctx.viewer.userId, input)),
  setRole: authedProcedure
    .input(setParticipantRoleInput)
    .mutation(({ ctx, input }) => setParticipantRole(ctx.services, ctx.viewer.userId, input)),
  leave: authedProcedure
    .input(conversationInput)
    .mutation(({ ctx, input }) => leaveConversation(ctx.services, ctx.viewer.userId, input.conversationId)),

  // Messages
  history: authedProcedure
    .input(historyInput)
    .query(({ ctx, input }) => history(ctx.services.db, ctx.viewer.userId, input)),
  send: authedProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx.services, ctx.viewer, input)),
  edit: authedProcedure
    .input(editMessageInput)
    .mutation(({ ctx, input }) => editMessage(ctx.services, ctx.viewer.userId, input)),
  delete: authedProcedure
    .input(messageInput)
    .mutation(({ ctx, input }) => deleteMessage(ctx.services, ctx.viewer.userId, input.messageId)),
  react: authedProcedure
    .input(reactionInput)
    .mutation(({ ctx, input }) => addReaction(ctx.services, ctx.viewer.userId, input)),
  unreact: authedProcedure
    .input(reactionInput)
    .mutation(({ ctx, input }) => removeReaction(ctx.services, ctx.viewer.userId, input)),
  markRead: authedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markRead(ctx.services, ctx.viewer.userId, input)),
  typing: authedProcedure
    .input(conversationInput)
    .mutation(({ ctx, input }) => signalTyping(ctx.services, ctx.viewer, input.conversationId)),

  // Real time. Access is checked before the subscription starts (a typed error, no slot kept) and
  // again inside the stream once its position is fixed.
  onEvent: authedProcedure.input(chatEventsInput).subscription(({ ctx, input, signal }) =>
    openSubscription(ctx, signal, async () => {
      await requireParticipant(ctx.services.db, input.conversationId, ctx.viewer.userId);
      return conversationEvents(ctx.services, ctx.viewer.userId, input, signal);
    }),
  ),
  onTyping: authedProcedure.input(conversationInput).subscription(({ ctx, input, signal }) =>
    openSubscription(ctx, signal, async () => {
      await requireParticipant(ctx.services.db, input.conversationId, ctx.viewer.userId);
      return typingEvents(ctx.services, ctx.viewer.userId, input.conversationId, signal);
    }),
  ),
});
