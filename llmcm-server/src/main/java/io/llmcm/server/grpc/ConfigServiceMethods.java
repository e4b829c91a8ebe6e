package io.llmcm.server.grpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.llmcm.server.grpc.v1.CommitRequest;
import io.llmcm.server.grpc.v1.CommitResponse;
import io.llmcm.server.grpc.v1.HistoryRequest;
import io.llmcm.server.grpc.v1.HistoryResponse;
import io.llmcm.server.grpc.v1.ListRequest;
import io.llmcm.server.grpc.v1.ListResponse;
import io.llmcm.server.grpc.v1.ReportAppliedRequest;
import io.llmcm.server.grpc.v1.ReportAppliedResponse;
import io.llmcm.server.grpc.v1.ResolveRequest;
import io.llmcm.server.grpc.v1.ResolveResponse;
import io.llmcm.server.grpc.v1.WatchEvent;
import io.llmcm.server.grpc.v1.WatchRequest;

/**
 * The methods of {@code llmcm.v1.ConfigService} (src/main/proto/llmcm/v1/config.proto), written
 * by hand over the protoc-generated messages — what grpc-java's code generator would emit as
 * {@code ConfigServiceGrpc}. Servers and clients (a test, a Java caller with {@code ClientCalls})
 * use the same descriptors.
 */
public final class ConfigServiceMethods {
    /** The service's full name, as in the .proto file. */
    public static final String SERVICE = "llmcm.v1.ConfigService";

    public static final MethodDescriptor<ResolveRequest, ResolveResponse> RESOLVE =
            unary("Resolve", ResolveRequest.getDefaultInstance(), ResolveResponse.getDefaultInstance());
    public static final MethodDescriptor<ListRequest, ListResponse> LIST =
            unary("List", ListRequest.getDefaultInstance(), ListResponse.getDefaultInstance());
    public static final MethodDescriptor<CommitRequest, CommitResponse> COMMIT =
            unary("Commit", CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance());
    public static final MethodDescriptor<HistoryRequest, HistoryResponse> HISTORY =
            unary("History", HistoryRequest.getDefaultInstance(), HistoryResponse.getDefaultInstance());
    public static final MethodDescriptor<WatchRequest, WatchEvent> WATCH =
            method(MethodDescriptor.MethodType.SERVER_STREAMING, "Watch", WatchRequest.getDefaultInstance(), WatchEvent.getDefaultInstance());

    public static final MethodDescriptor<ReportAppliedRequest, ReportAppliedResponse> REPORT_APPLIED =
            unary("ReportApplied", ReportAppliedRequest.getDefaultInstance(), ReportAppliedResponse.getDefaultInstance());

    /** Every method, for registering the service. */
    public static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.newBuilder(SERVICE)
            .addMethod(RESOLVE).addMethod(LIST).addMethod(COMMIT).addMethod(HISTORY).addMethod(WATCH).addMethod(REPORT_APPLIED).build();

    private ConfigServiceMethods() {}

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String name, Q request, R response) {
        return method(MethodDescriptor.MethodType.UNARY, name, request, response);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(MethodDescriptor.MethodType type, String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
