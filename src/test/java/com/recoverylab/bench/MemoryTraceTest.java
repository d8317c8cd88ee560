package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTraceTest {
  @Test
  void readsOnlyTheCompilationsInFlightFromTheCompilerQueue() {
    String queue =
        """
        12345:
        Current compiles:\s
        C2 CompilerThread0  9073   !   4       jdk.internal.net.http.Http1Response::readBody (276 bytes)
        C1 CompilerThread0  9080       3       java.lang.String::hashCode (60 bytes)

        C1 compile queue:
        Empty

        C2 compile queue:
        7706       4       java.net.http.HttpHeaders::lambda$headersOf$0 (29 bytes)
        """;

    assertEquals(
        List.of(
            "C2 CompilerThread0 9073 ! 4 jdk.internal.net.http.Http1Response::readBody (276 bytes)",
            "C1 CompilerThread0 9080 3 java.lang.String::hashCode (60 bytes)"),
        MemoryTrace.currentCompiles(queue));
  }

  @Test
  void nothingInFlightIsAnEmptyList() {
    assertEquals(
        List.of(),
        MemoryTrace.currentCompiles("12345:\nCurrent compiles: \n\nC1 compile queue:\nEmpty\n"));
  }
}
