package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void spendsPerOperationByThreadWithTheLargestFirstAndEndedThreadsApart() {
    ThreadCpu before =
        new ThreadCpu(Map.of("qtp#-#", new long[] {100, 10}, "VM_Thread", new long[] {5, 0}));
    ThreadCpu after =
        new ThreadCpu(
            Map.of(
                "qtp#-#", new long[] {300, 30},
                "VM_Thread", new long[] {25, 0},
                "C#_CompilerThre", new long[] {45, 5},
                "idle", new long[] {7, 0}));

    ThreadCpu spent = after.since(before);

    // 10 ms a tick, 100 operations; the process used 3,500 ms, 530 more than its threads now show
    assertEquals(
        "qtp#-#=22.000(sys 2.000) C#_CompilerThre=5.000(sys 0.500) others=2.700 ended=5.300",
        spent.perOperation(100, 3_500, 2));
    assertEquals(70, spent.userMillis("idle"));
  }

  @Test
  void addsRoundsNameByName() {
    ThreadCpu a = new ThreadCpu(Map.of("qtp#-#", new long[] {1, 2}));
    ThreadCpu b =
        new ThreadCpu(Map.of("qtp#-#", new long[] {3, 4}, "VM_Thread", new long[] {1, 0}));

    ThreadCpu sum = a.plus(b);

    assertEquals(40, sum.userMillis("qtp#-#"));
    assertEquals(60, sum.systemMillis("qtp#-#"));
    assertEquals(10, sum.userMillis("VM_Thread"));
    assertEquals(10, a.userMillis("qtp#-#"), "the operands stay as they were");
  }
}
