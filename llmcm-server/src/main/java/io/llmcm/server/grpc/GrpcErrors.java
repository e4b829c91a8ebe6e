package io.llmcm.server.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.LlmcmException;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures as gRPC statuses. The description is the message REST puts in its problem document's
 * {@code detail} — written for users, never a stack trace or a secret value; the trailers carry
 * the request id ({@code x-request-id}), the failing request field ({@code llmcm-field}), the
 * oldest revision a watch can resume from ({@code llmcm-oldest-revision}) and, for a rate limit,
 * {@code retry-after} in seconds.
 *
 * <p>REST status → gRPC code: 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
 * 404 NOT_FOUND, 409 FAILED_PRECONDITION (ABORTED for a lost compare-and-set), 410 OUT_OF_RANGE
 * (history compacted), 412 FAILED_PRECONDITION, 422 INVALID_ARGUMENT (every violation in the
 * description), 429 RESOURCE_EXHAUSTED (and a quota exceeded), 503 UNAVAILABLE.
 */
final class GrpcErrors {
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> FIELD = Metadata.Key.of("llmcm-field", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> OLDEST_REVISION = Metadata.Key.of("llmcm-oldest-revision", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");

    private GrpcErrors() {}

    /** The status for a failure of a call; unexpected ones are logged under the request id. */
    static StatusRuntimeException of(Throwable e, String method, String requestId) {
        Metadata trailers = new Metadata();
        trailers.put(REQUEST_ID, requestId);
        Status status = switch (e) {
            case StatusRuntimeException s -> s.getStatus();
            case Access.Refused r -> {
                if (r.retryAfterSeconds() > 0) {
                    trailers.put(RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
                }
                yield byHttp(r.status()).withDescription(r.getMessage());
            }
            case BadRequest b -> {
                if (b.field() != null) {
                    trailers.put(FIELD, ascii(b.field()));
                }
                yield byHttp(b.status()).withDescription(b.getMessage());
            }
            case HistoryCompactedException h -> {
                trailers.put(OLDEST_REVISION, Long.toString(h.oldestRevision()));
                yield Status.OUT_OF_RANGE.withDescription(h.getMessage());
            }
            case LlmcmException l -> {
                Status s = switch (l.kind()) {
                    case INVALID_INPUT, VALIDATION_FAILED -> Status.INVALID_ARGUMENT;
                    case NOT_FOUND -> Status.NOT_FOUND;
                    case CONFLICT, EXPIRED -> Status.FAILED_PRECONDITION;
                    case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
                    case QUOTA_EXCEEDED -> Status.RESOURCE_EXHAUSTED;
                    case ERROR -> Status.UNAVAILABLE;
                };
                if (l.kind() == io.llmcm.core.ErrorKind.ERROR) {
                    LOG.warn("{} failed: {} (request {})", method, l.getMessage(), requestId);
                }
                yield s.withDescription(l.getMessage());
            }
            case InterruptedException i -> Status.UNAVAILABLE.withDescription("the server is stopping; call again");
            default -> {
                LOG.error("{} failed (request {})", method, requestId, e);
                yield Status.INTERNAL.withDescription("internal error; the server log has the details under request id " + requestId);
            }
        };
        return status.asRuntimeException(trailers);
    }

    static Status byHttp(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409, 412 -> Status.FAILED_PRECONDITION;
            case 410 -> Status.OUT_OF_RANGE;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            default -> status >= 500 ? Status.INTERNAL : Status.INVALID_ARGUMENT;
        };
    }

    /** Metadata values are ASCII: anything else becomes '?'. */
    private static String ascii(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        v.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return sb.toString();
    }
}
