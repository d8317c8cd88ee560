package com.recoverylab.review;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Wraps a DataSource and counts the statements prepared or created through it. */
final class StatementCounter {
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
              String name = method.getName();
              if (name.equals("prepareStatement")
                  || name.equals("createStatement")
                  || name.equals("prepareCall")) {
                statements.incrementAndGet();
              }
              return invoke(connection, method, args);
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
