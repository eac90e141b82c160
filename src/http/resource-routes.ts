/**
 * The declarations most resources repeat — list, read by id, create, update, delete, and an action
 * on one record — built on `defineRoute`. A route file states only what differs (path, words,
 * schemas, notes) and keeps its handler inline, so params, query and body stay typed.
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { Role } from '../db/tables.js';
import { defineRoute, jsonBody, jsonResponse } from './route.js';
import { IdParam } from './schemas.js';

type Roles = readonly Role[] | 'public';
type QuerySchema = NonNullable<NonNullable<RouteConfig['request']>['query']>;

/** What every route says about itself in the OpenAPI document. */
interface Words<P extends string> {
  path: P;
  tags: string[];
  summary: string;
  description?: string;
  /** How a role's access is narrowed, shown after the list of roles. */
  roleNote?: string;
}

// Typed by hand: inferred, the `{}` branch would read as `409?: undefined`, which no response may be.
const conflictResponse = (conflict: string | undefined): { 409: { description: string } } | {} =>
  conflict ? { 409: { description: conflict } } : {};

/** GET a page of records filtered by `query`. */
export const listRoute = <P extends string, Q extends QuerySchema, L extends z.ZodType>(
  roles: Roles,
  { query, list, ...words }: Words<P> & { query: Q; list: L },
) =>
  defineRoute(roles, {
    ...words,
    verb: 'list',
    method: 'get',
    request: { query },
    responses: { 200: jsonResponse(list, '分页列表') },
  });

/** GET what a record's id names: the record itself by default, or (with `ok` saying what) something of it. */
export const getRoute = <P extends string, T extends z.ZodType>(
  roles: Roles,
  { item, ok = '详情，含 version 与 ETag', ...words }: Words<P> & { item: T; ok?: string },
) =>
  defineRoute(roles, {
    ...words,
    method: 'get',
    request: { params: IdParam },
    responses: { 200: jsonResponse(item, ok) },
  });

/** POST a new record, answered 201 with Location and ETag; `conflict` describes a 409 when it clashes with one on file. */
export const postRoute = <P extends string, B extends z.ZodType, T extends z.ZodType>(
  roles: Roles,
  {
    body,
    item,
    created = '已创建',
    conflict,
    ...words
  }: Words<P> & { body: B; item: T; created?: string; conflict?: string },
) =>
  defineRoute(roles, {
    ...words,
    method: 'post',
    request: { body: jsonBody(body) },
    responses: { 201: jsonResponse(item, created), ...conflictResponse(conflict) },
  });

/** PATCH some fields of a record, naming the version read (body `version` or If-Match). */
export const patchRoute = <P extends string, B extends z.ZodType, T extends z.ZodType>(
  roles: Roles,
  {
    body,
    item,
    updated = '已更新',
    conflict = '版本冲突',
    ...words
  }: Words<P> & { body: B; item: T; updated?: string; conflict?: string },
) =>
  defineRoute(roles, {
    ...words,
    method: 'patch',
    request: { params: IdParam, body: jsonBody(body) },
    responses: {
      200: jsonResponse(item, updated),
      409: { description: conflict },
      412: { description: 'If-Match 不匹配' },
    },
  });

/** `/interests/{id}/withdraw` → `withdraw`: the action's word names the operation (`withdrawInterest`). */
const actionWord = (path: string) =>
  path.slice(path.lastIndexOf('/') + 1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** POST an action on one record (withdraw, accept, …): a body, the record after it as `ok` describes, and why it may be refused. */
export const actionRoute = <P extends string, B extends z.ZodType, T extends z.ZodType>(
  roles: Roles,
  { body, item, ok, conflict, ...words }: Words<P> & { body: B; item: T; ok: string; conflict: string },
) =>
  defineRoute(roles, {
    ...words,
    verb: actionWord(words.path),
    method: 'post',
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonResponse(item, ok), 409: { description: conflict } },
  });

/** DELETE a record (204); `conflict` describes a 409 when something still depends on it. */
export const deleteRoute = <P extends string>(
  roles: Roles,
  { deleted = '已删除', conflict, ...words }: Words<P> & { deleted?: string; conflict?: string },
) =>
  defineRoute(roles, {
    ...words,
    method: 'delete',
    request: { params: IdParam },
    responses: { 204: { description: deleted }, ...conflictResponse(conflict) },
  });
