package com.recoverylab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.http.HttpServlet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of DESIGN.md, held by the build rather than by memory. Each rule names what it
 * protects; a failure lists every offending class and call.
 */
class ArchitectureTest {
  private static final String FEATURES = "com.recoverylab.(*)..";
  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.recoverylab");
  }

  @Test
  void sql_runs_only_in_repositories_and_the_store() {
    Set<String> sqlMethods = Set.of("query", "queryOne", "update", "insert");
    DescribedPredicate<JavaMethodCall> runsSql =
        DescribedPredicate.describe(
            "run SQL through Jdbc",
            call ->
                call.getTargetOwner().isEquivalentTo(Jdbc.class)
                    && sqlMethods.contains(call.getName()));
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Repository")
        .and()
        .resideOutsideOfPackage("com.recoverylab.store..")
        .should()
        .callMethodWhere(runsSql)
        .orShould()
        .callMethodWhere(
            DescribedPredicate.describe(
                "prepare a JDBC statement",
                call ->
                    call.getTargetOwner().isAssignableTo(java.sql.Connection.class)
                        && (call.getName().equals("prepareStatement")
                            || call.getName().equals("createStatement"))))
        .because("SQL lives only in repository classes (DESIGN.md, CONTRIBUTING.md)")
        .check(product);
  }

  @Test
  void shared_plumbing_knows_no_feature() {
    noClasses()
        .that()
        .resideInAnyPackage("com.recoverylab.store..", "com.recoverylab.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.recoverylab.content..",
            "com.recoverylab.course..",
            "com.recoverylab.quiz..",
            "com.recoverylab.lti..",
            "com.recoverylab.grading..",
            "com.recoverylab.instructor..",
            "com.recoverylab.sandbox..",
            "com.recoverylab.app..")
        .because("web/ and store/ hold only shared plumbing that every feature may use")
        .check(product);
  }

  @Test
  void only_the_composition_root_knows_the_server() {
    // Config is the validated settings record every command and feature may read; App and
    // AppServer are the wiring, which nothing else may reach back into.
    noClasses()
        .that()
        .resideOutsideOfPackage("com.recoverylab.app..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(App.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(AppServer.class.getName())
        .because("app/ wires every feature by hand; features never reach back into it")
        .check(product);
  }

  @Test
  void servlets_are_used_only_by_their_own_feature_and_the_wiring() {
    for (JavaClass servlet : product.that(JavaClass.Predicates.assignableTo(HttpServlet.class))) {
      // The JWKS servlet publishes any key set it is given; the sandbox platform reuses it for its
      // own keys.
      String[] allowed =
          servlet.getSimpleName().equals("JwksServlet")
              ? new String[] {
                servlet.getPackageName(), "com.recoverylab.app", "com.recoverylab.sandbox"
              }
              : new String[] {servlet.getPackageName(), "com.recoverylab.app"};
      classes()
          .that()
          .haveFullyQualifiedName(servlet.getName())
          .should()
          .onlyHaveDependentClassesThat()
          .resideInAnyPackage(allowed)
          .because(
              "features talk through their public records and services, never another feature's servlets")
          .check(product);
    }
  }

  @Test
  void every_feature_has_the_one_shape_the_composition_root_mounts() {
    classes()
        .that()
        .haveSimpleNameEndingWith("Feature")
        .and()
        .areNotInterfaces()
        .should()
        .implement(Feature.class)
        .andShould()
        .haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
        .because(
            "each feature is one small record with a create() that App mounts (CONTRIBUTING.md)")
        .check(product);
  }

  @Test
  void features_depend_on_each_other_without_cycles() {
    slices()
        .matching(FEATURES)
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            DescribedPredicate.alwaysTrue(),
            DescribedPredicate.describe(
                "the settings record",
                target -> target.getName().startsWith("com.recoverylab.app.Config")))
        .check(product);
  }

  @Test
  void names_say_what_a_thing_is() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .because("names say what a thing is, not how it is built (DESIGN.md)")
        .check(product);
  }
}
