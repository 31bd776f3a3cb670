package io.genieproxy.simulator;

import java.io.IOException;
import java.io.OutputStream;

/** A response body of known length that writes itself, so large bodies stream instead of sitting in memory. */
interface ResponseBody {
    long length();

    void writeTo(OutputStream out) throws IOException;

    static ResponseBody of(byte[] bytes) {
        return new ResponseBody() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }
}
