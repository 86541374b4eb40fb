import { z } from 'zod';
import {
  countSchema,
  dollarsSchema,
  durationSchema,
  emailSchema,
  idSchema,
  jsonObjectSchema,
} from '../admin-schemas.js';

export { countSchema, dollarsSchema, emailSchema, idSchema, jsonObjectSchema };

export const modelsSchema = z.array(z.string().min(1).max(256)).max(1000);
export const budgetDurationSchema = durationSchema;

/** LiteLLM's `user_role` values. */
export const userRoleSchema = z.enum([
  'proxy_admin',
  'proxy_admin_viewer',
  'internal_user',
  'internal_user_viewer',
]);

/** The user fields `/user/new` and `/user/update` share (LiteLLM's names). */
const userFieldsShape = {
  user_email: emailSchema.nullable().optional(),
  user_alias: z.string().max(256).nullable().optional(),
  user_role: userRoleSchema.optional(),
  models: modelsSchema.optional(),
  max_budget: dollarsSchema.nullable().optional(),
  budget_duration: durationSchema.nullable().optional(),
  tpm_limit: countSchema.nullable().optional(),
  rpm_limit: countSchema.nullable().optional(),
  metadata: jsonObjectSchema.optional(),
};
export type UserFields = {
  [Field in keyof typeof userFieldsShape]?: z.output<(typeof userFieldsShape)[Field]>;
};

export const newUserRequestSchema = z.strictObject({
  user_id: idSchema.optional(),
  ...userFieldsShape,
  /** Teams to add the user to (as `user`); each must exist. */
  teams: z.array(idSchema).max(1000).optional(),
  /** Default true: also create a key for the user, as LiteLLM does. */
  auto_create_key: z.boolean().optional(),
  /** The auto-created key's fields. */
  duration: z
    .union([z.literal('-1'), durationSchema])
    .nullable()
    .optional(),
  key_alias: idSchema.nullable().optional(),
  team_id: idSchema.nullable().optional(),
});

export const updateUserRequestSchema = z
  .strictObject({
    user_id: idSchema.optional(),
    ...userFieldsShape,
    spend: dollarsSchema.optional(),
  })
  .refine(value => value.user_id !== undefined || typeof value.user_email === 'string', {
    message: 'pass `user_id` or `user_email`',
  });

export const deleteUsersRequestSchema = z.strictObject({
  user_ids: z.array(idSchema).min(1).max(1000),
});

export const userInfoQuerySchema = z.strictObject({ user_id: idSchema.optional() });

const positiveIntegerText = z
  .string()
  .regex(/^\d{1,9}$/, 'expected a positive integer')
  .transform(Number)
  .refine(value => value >= 1, 'expected a positive integer');

export const listUsersQuerySchema = z.strictObject({
  page: positiveIntegerText.optional(),
  page_size: positiveIntegerText
    .refine(value => value <= 100, 'page_size must be at most 100')
    .optional(),
});
