import {
  type ArgumentsHost,
  Catch,
  Controller,
  type RpcExceptionFilter,
  UseFilters,
  applyDecorators,
} from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a handler's error to the transport as it was thrown. Nest's default RPC filter would
 * log it and put a generic `{status, message}` in its place, and the poison policy decides on
 * the error itself (a database away is retried, bad data dead-lettered).
 */
@Catch()
export class KafkaHandlerErrors implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** A controller of `@EventPattern` handlers served by the Kafka transport. */
export function KafkaController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new KafkaHandlerErrors()));
}

/** What Nest's default RPC filter leaves of an error when the controller lacks `@KafkaController()`. */
export function isHiddenByNest(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    !(error instanceof Error) &&
    (error as { status?: unknown }).status === 'error'
  );
}
