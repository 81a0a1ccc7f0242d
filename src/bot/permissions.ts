// Who counts as a moderator for /reindex and /sources add|remove. Discord's default member
// permission (Manage Server) only hides commands and server admins can change it, and
// /sources cannot carry it at all (list is for everyone), so the bot checks again itself.
import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Config } from '../config.ts';

function memberRoleIds(interaction: ChatInputCommandInteraction | ButtonInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  // A cached GuildMember has a role manager; a raw API member has an array of ids.
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/**
 * Administrators always; otherwise, when MODERATOR_ROLE_IDS is set, members holding one of
 * those roles, and when it is not set, members with Manage Server.
 */
export function isModerator(interaction: ChatInputCommandInteraction | ButtonInteraction, config: Config): boolean {
  const perms = interaction.memberPermissions;
  if (!interaction.inGuild() || !perms) return false;
  if (perms.has(PermissionFlagsBits.Administrator)) return true;
  const allowed = config.discord.moderatorRoleIds;
  if (allowed.length > 0) return memberRoleIds(interaction).some((id) => allowed.includes(id));
  return perms.has(PermissionFlagsBits.ManageGuild);
}

export const NOT_A_MODERATOR = 'Only moderators can do that (Manage Server permission, or a role listed in the bot’s MODERATOR_ROLE_IDS).';
