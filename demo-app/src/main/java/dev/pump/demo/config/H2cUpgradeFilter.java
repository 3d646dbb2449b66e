package dev.pump.demo.config;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Lets a request with a body stay HTTP/1.1 when it asks to upgrade to h2c. Reactor Netty
 * would hold the whole body of an upgrade request in memory, and refuses it with 413
 * beyond {@code h2cMaxContentLength}; clients such as the JDK's {@code HttpClient} ask
 * for the upgrade on their first request, uploads included. Without the {@code Upgrade}
 * header the upload streams through its pump as over any HTTP/1.1 connection; requests
 * without a body (downloads) still upgrade.
 */
@ChannelHandler.Sharable
final class H2cUpgradeFilter extends ChannelInboundHandlerAdapter {

	static final String NAME = "pumpH2cUpgradeFilter";

	static final H2cUpgradeFilter INSTANCE = new H2cUpgradeFilter();

	private H2cUpgradeFilter() {
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.UPGRADE)
				&& (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request))) {
			request.headers().remove(HttpHeaderNames.UPGRADE).remove("HTTP2-Settings");
		}
		context.fireChannelRead(message);
	}

}
