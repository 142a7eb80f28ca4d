package routes;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Turns an {@link Error} thrown by any route step (an {@code OutOfMemoryError} while one file is read, a
 * {@code StackOverflowError}, a bug) into the exchange's exception, where {@code doCatch}/{@code onException}
 * handle it like any other failure. Left alone, an Error unwinds through Camel's routing engine, leaves the
 * exchange in flight for ever and stops the inbox consumer from taking another file.
 */
final class ErrorsAsExceptions implements InterceptStrategy {

    /** The Error of a route step, carried as the exchange's exception (its cause). */
    static final class StepError extends RuntimeException {
        StepError(Error cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return processor.process(exchange, callback);
                } catch (Error e) {
                    exchange.setException(new StepError(e));
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
