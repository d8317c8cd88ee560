package com.recoverylab.review;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a DataSource and counts the statements run through it (each execution, so a statement the
 * tool's {@code Jdbc} keeps and runs again counts every time).
 */
final class StatementCounter {
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

  private final DataSource target;
  private final AtomicInteger statements = new AtomicInteger();

  StatementCounter(DataSource target) {
    this.target = target;
  }

  int statements() {
    return statements.get();
  }

  DataSource dataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              return result instanceof Connection connection ? counting(connection) : result;
            });
  }

  private Connection counting(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              // the statement cache prepares on the connection unwrap gives: this one, so it counts
              if (method.getName().equals("unwrap") && args[0] == Connection.class) {
                return proxy;
              }
              Object result = invoke(connection, method, args);
              if (result instanceof CallableStatement call) {
                return counting(call, CallableStatement.class);
              }
              if (result instanceof PreparedStatement prepared) {
                return counting(prepared, PreparedStatement.class);
              }
              if (result instanceof Statement statement) {
                return counting(statement, Statement.class);
              }
              return result;
            });
  }

  private Object counting(Statement statement, Class<?> type) {
    return Proxy.newProxyInstance(
        getClass().getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            statements.incrementAndGet();
          }
          return invoke(statement, method, args);
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
