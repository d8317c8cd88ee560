package com.recoverylab.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The published schemas kept in {@code src/test/resources/qti-schemas} (see the README there),
 * loaded with a resolver that serves every import and include from that folder and refuses anything
 * else, so validation never reaches the network.
 */
final class LocalSchemas {
  private static final String FOLDER = "/qti-schemas/";

  private LocalSchemas() {}

  static Schema load(String file) {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setResourceResolver(LOCAL_ONLY);
    try {
      // a second guard behind the resolver: only the local copies' protocols may be read
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
      URL url = resource(file);
      return factory.newSchema(new StreamSource(url.openStream(), url.toExternalForm()));
    } catch (SAXException e) {
      throw new IllegalStateException("schema " + file + " does not load: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every problem the schema finds in the document, as {@code line:column: message}. */
  static List<String> problems(Schema schema, String xml) {
    List<String> problems = new ArrayList<>();
    Validator validator = schema.newValidator();
    validator.setResourceResolver(LOCAL_ONLY);
    validator.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {}

          @Override
          public void error(SAXParseException e) {
            problems.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
          }

          @Override
          public void fatalError(SAXParseException e) {
            error(e);
          }
        });
    try {
      validator.validate(new StreamSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static URL resource(String file) {
    URL url = LocalSchemas.class.getResource(FOLDER + file);
    if (url == null) {
      throw new IllegalStateException("no schema " + file + " in src/test/resources" + FOLDER);
    }
    return url;
  }

  /**
   * Serves an import from the local folder: a relative location (the MathML includes, the package
   * schema's {@code xml.xsd}) next to the schema that names it, a published {@code http(s)}
   * location from the copy kept under its host and path (so {@code
   * http://www.w3.org/Math/XMLSchema/mathml2/mathml2.xsd} is {@code
   * www.w3.org/Math/XMLSchema/mathml2/mathml2.xsd}). Anything without a local copy is an error,
   * never a fetch.
   */
  private static final LSResourceResolver LOCAL_ONLY =
      (type, namespace, publicId, systemId, baseUri) -> {
        if ("http://www.w3.org/TR/REC-xml".equals(type)) {
          // xml.xsd names XMLSchema.dtd in its DOCTYPE; a schema document needs nothing from it
          return new LocalInput(null, publicId);
        }
        if (systemId == null) {
          return null; // an import that names only a namespace loads nothing
        }
        URI location =
            baseUri == null ? URI.create(systemId) : URI.create(baseUri).resolve(systemId);
        String scheme = String.valueOf(location.getScheme());
        URL url;
        if (scheme.equals("http") || scheme.equals("https")) {
          url = LocalSchemas.class.getResource(FOLDER + location.getHost() + location.getPath());
        } else {
          url = insideFolder(baseUri, systemId);
        }
        if (url == null) {
          throw new IllegalStateException(
              "refusing to fetch "
                  + systemId
                  + " (from "
                  + baseUri
                  + "): no local copy in "
                  + FOLDER);
        }
        return new LocalInput(url, publicId);
      };

  /**
   * A relative location next to a schema that was itself served from the folder; null for anything
   * else.
   */
  private static URL insideFolder(String baseUri, String systemId) {
    URL root = LocalSchemas.class.getResource(FOLDER);
    if (baseUri == null || root == null || !baseUri.startsWith(root.toExternalForm())) {
      return null;
    }
    try {
      // resolve on the URL, which also works for a jar: base, where URI.resolve does not
      URL resolved = new URL(new URL(baseUri), systemId);
      String path = resolved.toExternalForm().substring(root.toExternalForm().length());
      return path.contains("..") ? null : LocalSchemas.class.getResource(FOLDER + path);
    } catch (MalformedURLException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  private record LocalInput(URL url, String publicId) implements LSInput {
    @Override
    public InputStream getByteStream() {
      if (url == null) {
        return InputStream.nullInputStream();
      }
      try {
        return url.openStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String getSystemId() {
      return url == null ? "empty.dtd" : url.toExternalForm();
    }

    @Override
    public String getPublicId() {
      return publicId;
    }

    @Override
    public Reader getCharacterStream() {
      return null;
    }

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public String getBaseURI() {
      return null;
    }

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCharacterStream(Reader characterStream) {}

    @Override
    public void setByteStream(InputStream byteStream) {}

    @Override
    public void setStringData(String stringData) {}

    @Override
    public void setSystemId(String systemId) {}

    @Override
    public void setPublicId(String publicId) {}

    @Override
    public void setBaseURI(String baseUri) {}

    @Override
    public void setEncoding(String encoding) {}

    @Override
    public void setCertifiedText(boolean certifiedText) {}
  }
}
